package dev.paved.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void requestIdsHaveTheDocumentedShape() {
        String id = Ids.requestId();
        assertThat(id).matches("req_[0-9A-Za-z]{24}");
    }

    @Test
    void requestIdsFromLaterMillisecondsSortLaterByteByByte() {
        List<Long> times = new ArrayList<>(List.of(0L, 1L, 61L, 62L, 63L, 1_700_000_000_000L, 1_800_000_000_123L,
                218_340_105_584_895L));
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 2_000; i++) {
            times.add(r.nextLong(0, 218_340_105_584_896L));
        }
        times.sort(null);
        String previous = null;
        long previousTime = -1;
        for (long t : times) {
            String id = Ids.timeOrdered("req", t);
            assertThat(id).hasSize(28);
            if (previous != null && t > previousTime) {
                assertThat(id.substring(0, 12).compareTo(previous.substring(0, 12))).as("%d after %d", t, previousTime).isPositive();
            }
            previous = id;
            previousTime = t;
        }
    }

    @Test
    void requestIdsInOneMillisecondDifferInTheirRandomPart() {
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(Ids.timeOrdered("req", 1_800_000_000_000L));
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void timesOutsideEightBase62CharactersAreRefused() {
        assertThatThrownBy(() -> Ids.timeOrdered("req", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ids.timeOrdered("req", 218_340_105_584_896L)).isInstanceOf(IllegalArgumentException.class);
    }
}
