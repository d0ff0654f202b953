package dev.paved.gateway.chat;

import dev.paved.core.PavedException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collapses identical concurrent non-stream calls into one upstream call: the first caller (the leader)
 * goes upstream, callers that arrive with the same tenant, alias and request body while it runs wait and
 * receive a copy of its answer. Only calls that opted in ({@code x-paved-dedup: true}) take part, since a
 * sampled answer shared between callers is not what everyone wants.
 */
final class SingleFlight {
    /** What followers receive: the leader's JSON answer or its error. */
    private record Outcome(int status, Buffer body, MultiMap headers, PavedException error) {
    }

    /** A waiting caller and what to run once it has its copy. */
    private record Follower(ClientChannel channel, CallRecorder rec) {
    }

    private final class Flight {
        private final String key;
        private final String leaderRequestId;
        private final List<Follower> followers = new ArrayList<>();
        private Outcome outcome;

        Flight(String key, String leaderRequestId) {
            this.key = key;
            this.leaderRequestId = leaderRequestId;
        }

        /** Adds a follower unless the flight already landed; false when too late. */
        synchronized boolean add(Follower f) {
            if (outcome != null) {
                return false;
            }
            followers.add(f);
            return true;
        }

        /** Lands the flight empty if nobody follows it; true when it did (the leader may cancel). */
        boolean abandon() {
            synchronized (this) {
                if (!followers.isEmpty() || outcome != null) {
                    return outcome != null;
                }
                outcome = new Outcome(499, null, null, null);
            }
            flights.remove(key, this);
            return true;
        }

        void land(Outcome o) {
            List<Follower> waiting;
            synchronized (this) {
                if (outcome != null) {
                    return;
                }
                outcome = o;
                waiting = List.copyOf(followers);
            }
            flights.remove(key, this);
            for (Follower f : waiting) {
                f.rec.decision("dedup:" + leaderRequestId);
                if (o.error != null) {
                    f.channel.fail(o.error);
                    f.rec.failed(o.error.status(), o.error.code() == null ? o.error.kind().type() : o.error.code());
                } else {
                    f.channel.sendJson(o.status, o.body.copy(), o.headers);
                    f.rec.succeeded(o.status);
                }
            }
        }
    }

    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

    /**
     * Joins the flight for this request. Returns the channel the caller must answer through when it leads
     * (its answer is then copied to the followers), or null when it follows: it will be answered, and its
     * ledger entry finished, when the leader lands.
     */
    ClientChannel join(String tenantId, String alias, byte[] body, ClientChannel channel, CallRecorder rec) {
        String key = key(tenantId, alias, body);
        while (true) {
            Flight existing = flights.get(key);
            if (existing == null) {
                Flight mine = new Flight(key, rec.context().requestId());
                if (flights.putIfAbsent(key, mine) == null) {
                    return new Tee(channel, mine);
                }
                continue;
            }
            if (existing.add(new Follower(channel, rec))) {
                return null;
            }
            flights.remove(key, existing);
        }
    }

    int inFlight() {
        return flights.size();
    }

    private static String key(String tenantId, String alias, byte[] body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(tenantId.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(alias.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(body);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The leader's channel: answers the leader and lands the flight with a copy. */
    private static final class Tee extends ForwardingChannel {
        private final Flight flight;

        Tee(ClientChannel delegate, Flight flight) {
            super(delegate);
            this.flight = flight;
        }

        @Override
        public void sendJson(int status, Buffer body, MultiMap extraHeaders) {
            Buffer copy = body.copy();
            delegate.sendJson(status, body, extraHeaders);
            flight.land(new Outcome(status, copy, extraHeaders, null));
        }

        @Override
        public void fail(PavedException error) {
            delegate.fail(error);
            flight.land(new Outcome(error.status(), null, null, error));
        }

        @Override
        public void onClientGone(Runnable action) {
            // With followers waiting the shared call goes on for them; alone, the leader cancels it, and the
            // flight lands so that later identical calls start a new one rather than wait for nothing.
            delegate.onClientGone(() -> {
                if (flight.abandon()) {
                    action.run();
                }
            });
        }
    }
}
