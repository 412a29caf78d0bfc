package io.headroom.cache;

/** Deliberate violation (a public exception outside HeadroomException), for RulesCatchViolationsTest only. */
public class FixtureUncheckedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
}
