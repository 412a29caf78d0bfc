package io.headroom.examples;

import io.headroom.page.FieldExtractor;
import io.headroom.page.InMemoryPageStore;
import io.headroom.page.Page;
import io.headroom.page.PageRequest;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Social Connect lists, paged with Headroom's keyset paginator, 20 at a time as the seed does: a user's chats
 * by last message (newest first), a group's members by name, the stories feed (newest first), and the hourly
 * story-expiry sweeper that deletes expired stories page by page without loading them all.
 */
final class SocialFeeds {

    /** A chat of the chat list. */
    record Chat(String id, String ownerId, Instant lastMessageAt, String title) {
    }

    /** A member of a group. */
    record Member(String id, String groupId, String name) {
    }

    /** A story, visible until it expires. */
    record Story(String id, String authorId, Instant postedAt, Instant expiresAt) {
    }

    static final Sort CHATS_BY_RECENCY = Sort.by(SortKey.desc("lastMessageAt"));
    static final Sort MEMBERS_BY_NAME = Sort.by(SortKey.asc("name"));
    static final Sort STORIES_NEWEST_FIRST = Sort.by(SortKey.desc("postedAt"));
    static final Sort STORIES_BY_EXPIRY = Sort.by(SortKey.asc("expiresAt"));

    // the items (filled by the app) and the paginators over them
    final InMemoryPageStore<Chat> chatItems = InMemoryPageStore.create(FieldExtractor.<Chat>builder(Chat::id)
            .field("ownerId", Chat::ownerId).field("lastMessageAt", Chat::lastMessageAt).build());
    final InMemoryPageStore<Member> memberItems = InMemoryPageStore.create(FieldExtractor.<Member>builder(Member::id)
            .field("groupId", Member::groupId).field("name", Member::name).build());
    final InMemoryPageStore<Story> storyItems = InMemoryPageStore.create(FieldExtractor.<Story>builder(Story::id)
            .field("postedAt", Story::postedAt).field("expiresAt", Story::expiresAt).build());
    final Paginator<Chat> chats;
    final Paginator<Member> members;
    final Paginator<Story> stories;

    SocialFeeds(PaginatorConfig config) {
        chats = Paginator.inMemory(config.toBuilder().name("chats").build(), chatItems);
        members = Paginator.inMemory(config.toBuilder().name("members").build(), memberItems);
        stories = Paginator.inMemory(config.toBuilder().name("stories").build(), storyItems);
    }

    /** Fills the lists with generated data around {@code now}; many chats share a last-message second. */
    void seed(Instant now, int users, int chatsPerUser, int groupMembers, int storyCount) {
        SplittableRandom r = new SplittableRandom(7);
        for (int u = 0; u < users; u++) {
            for (int c = 0; c < chatsPerUser; c++) {
                chatItems.put(new Chat("chat-" + u + "-" + c, "user-" + u,
                        now.minusSeconds(r.nextInt(3_600)), "chat " + c));
            }
        }
        for (int m = 0; m < groupMembers; m++) {
            memberItems.put(new Member("member-" + m, "group-1", "name-" + (char) ('a' + r.nextInt(26)) + r.nextInt(100)));
        }
        for (int s = 0; s < storyCount; s++) {
            Instant posted = now.minusSeconds(r.nextInt(48 * 3_600));
            storyItems.put(new Story("story-" + s, "user-" + r.nextInt(users), posted, posted.plus(Duration.ofHours(24))));
        }
    }

    /** A user's chat list, newest first. */
    Page<Chat> chatList(String userId, String cursor) {
        PageRequest first = PageRequest.builder(CHATS_BY_RECENCY).filter("ownerId", userId).size(20).build();
        return chats.page(cursor == null ? first : first.withCursor(cursor));
    }

    /** A group's member list by name. */
    Page<Member> memberList(String groupId, String cursor) {
        PageRequest first = PageRequest.builder(MEMBERS_BY_NAME).filter("groupId", groupId).size(20).build();
        return members.page(cursor == null ? first : first.withCursor(cursor));
    }

    /** The stories feed, newest first. */
    Page<Story> storiesFeed(String cursor) {
        PageRequest first = PageRequest.builder(STORIES_NEWEST_FIRST).size(20).build();
        return stories.page(cursor == null ? first : first.withCursor(cursor));
    }

    /**
     * Deletes every story expired at {@code now}, reading stories by expiry 100 at a time and stopping at the
     * first one still live, so it never loads the live stories.
     *
     * @return how many stories it deleted and how many pages it read
     */
    int[] sweepExpiredStories(Instant now) {
        PageRequest first = PageRequest.builder(STORIES_BY_EXPIRY).size(100).build();
        int deleted = 0;
        int pages = 0;
        Page<Story> page = stories.page(first);
        while (true) {
            pages++;
            boolean reachedLive = false;
            for (Story s : page.items()) {
                if (s.expiresAt().isAfter(now)) {
                    reachedLive = true;
                    break;
                }
                storyItems.remove(s.id());
                deleted++;
            }
            if (reachedLive || !page.hasNext()) {
                return new int[] {deleted, pages};
            }
            page = stories.page(first.next(page)); // the cursor stays valid though its story was just deleted
        }
    }

    /** What the demo printed, for tests. */
    record Summary(int chatPages, int chatsListed, int membersListed, int storiesListed, int storiesDeleted,
                   int sweepPages, int storiesLeft) {
    }

    /**
     * Seeds the lists, walks them and runs the sweeper, printing what happened.
     *
     * @param out where to print
     * @param clock the time of the demo
     * @return the figures
     */
    static Summary run(PrintStream out, Clock clock) {
        Instant now = clock.instant();
        SocialFeeds feeds = new SocialFeeds(PaginatorConfig.builder().clock(clock).build());
        feeds.seed(now, 50, 45, 130, 2_000);

        int chatPages = 0;
        List<Chat> chatList = new ArrayList<>();
        Page<Chat> chatPage = feeds.chatList("user-7", null);
        while (true) {
            chatPages++;
            chatList.addAll(chatPage.items());
            if (!chatPage.hasNext()) {
                break;
            }
            chatPage = feeds.chatList("user-7", chatPage.nextCursor());
        }
        int membersListed = 0;
        Page<Member> memberPage = feeds.memberList("group-1", null);
        while (true) {
            membersListed += memberPage.items().size();
            if (!memberPage.hasNext()) {
                break;
            }
            memberPage = feeds.memberList("group-1", memberPage.nextCursor());
        }
        Page<Story> firstStories = feeds.storiesFeed(null);
        Page<Story> secondStories = feeds.storiesFeed(firstStories.nextCursor());
        int[] sweep = feeds.sweepExpiredStories(now);

        out.println();
        out.println("Cursor pagination (keyset, signed + encrypted cursors, 20 per page)");
        out.printf(Locale.ROOT, "  chat list of user-7: %d chats in %d pages, newest first; cursor %d chars%n",
                chatList.size(), chatPages, firstStories.nextCursor().length());
        out.printf(Locale.ROOT, "  members of group-1 : %d members by name%n", membersListed);
        out.printf(Locale.ROOT, "  stories feed       : pages 1-2 show %d stories%n",
                firstStories.items().size() + secondStories.items().size());
        out.printf(Locale.ROOT, "  expiry sweeper     : deleted %,d expired stories reading %d pages of 100; %,d left%n",
                sweep[0], sweep[1], feeds.storyItems.size());
        return new Summary(chatPages, chatList.size(), membersListed,
                firstStories.items().size() + secondStories.items().size(), sweep[0], sweep[1],
                feeds.storyItems.size());
    }
}
