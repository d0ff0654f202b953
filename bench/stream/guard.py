"""Streams through Paved with and without an output guardrail policy, alternating, on one keep-alive connection.

Usage: guard.py FAKE_PORT PAVED_PORT KEY [requests=2000] [warmup=1000]
The fake upstream (paved fake-upstream) is scripted over /_fake/replies with two answers of about 100 tokens,
one with personal data and a key, one without, each token a word with its space in front (as real models
stream them, so the hold-back has a word to hold). Modes, one request of each in turn:
  plain/pii, guarded/pii, plain/clean, guarded/clean   (guarded = header x-feature-id: guarded)
Reports time to first text (first non-empty delta.content) and total stream time, p50/p90, and checks that a
guarded stream carries no raw value and reassembles to the redacted answer.
"""
import http.client
import json
import re
import sys
import time

PII = ("Thanks for reaching out. I checked the account and found the details you asked for. The billing contact is "
       "jane.doe@example.org and the phone on file is (415) 555-2671. The card 4111 1111 1111 1111 was charged on Monday, "
       "and the refund goes to IBAN DE89 3704 0044 0532 0130 00 within five working days. For the integration, rotate "
       "the key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789 before Friday. If anything is unclear, reply to this message "
       "and we will get back to you as soon as we can.")
REDACTED = ("Thanks for reaching out. I checked the account and found the details you asked for. The billing contact is "
            "[EMAIL_1] and the phone on file is [PHONE_1]. The card [CREDIT_CARD_1] was charged on Monday, "
            "and the refund goes to IBAN [IBAN_1] within five working days. For the integration, rotate "
            "the key [SECRET_1] before Friday. If anything is unclear, reply to this message "
            "and we will get back to you as soon as we can.")
CLEAN = ("Thanks for reaching out. I checked the account and everything looks fine: the last invoice was paid on Monday "
         "and the next one is due at the end of the month. Your plan includes ten seats, of which seven are in use, and "
         "the usage report for the quarter is attached to the account page. If you want to add seats or change the "
         "billing cycle, reply to this message and we will get back to you as soon as we can.")
VALUES = ("jane.doe", "555-2671", "4111", "DE89", "sk-proj")


def tokens(text):
    return re.findall(r"\s*\S+", text)


def script(fake_port):
    conn = http.client.HTTPConnection("127.0.0.1", fake_port)
    for marker, text in (("bench-pii", PII), ("bench-clean", CLEAN)):
        conn.request("POST", "/_fake/replies", json.dumps({"marker": marker, "pieces": tokens(text)}),
                     {"content-type": "application/json"})
        r = conn.getresponse()
        r.read()
        if r.status != 201:
            sys.exit(f"could not script the fake: {r.status}")


def one(conn, key, marker, guarded):
    body = json.dumps({"model": "fake-gpt", "stream": True, "messages": [{"role": "user", "content": marker}]}).encode()
    headers = {"Authorization": "Bearer " + key, "content-type": "application/json"}
    if guarded:
        headers["x-feature-id"] = "guarded"
    t0 = time.perf_counter()
    conn.request("POST", "/v1/chat/completions", body, headers)
    resp = conn.getresponse()
    first = None
    text = []
    events = 0
    while True:
        line = resp.readline()
        if not line or b"[DONE]" in line:
            break
        if not line.startswith(b"data: "):
            continue
        events += 1
        c = json.loads(line[6:])
        if c.get("choices"):
            piece = c["choices"][0].get("delta", {}).get("content")
            if piece:
                text.append(piece)
                if first is None:
                    first = time.perf_counter()
    resp.read()
    end = time.perf_counter()
    if resp.status != 200 or first is None:
        sys.exit(f"status {resp.status} or no text")
    return (first - t0) * 1000, (end - t0) * 1000, "".join(text), events


def scan_time(port):
    """paved_guard_scan_seconds for the output stage: (sum in seconds, count)."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    total, count = 0.0, 0
    for line in text.splitlines():
        if line.startswith("paved_guard_scan_seconds_sum{") and 'stage="output"' in line:
            total += float(line.rsplit(" ", 1)[1])
        elif line.startswith("paved_guard_scan_seconds_count{") and 'stage="output"' in line:
            count += int(float(line.rsplit(" ", 1)[1]))
    return total, count


def main():
    fake, port, key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    script(fake)
    modes = [("plain", "bench-pii", False), ("guarded", "bench-pii", True), ("plain", "bench-clean", False),
             ("guarded", "bench-clean", True)]
    conn = http.client.HTTPConnection("127.0.0.1", port)
    results = {m: ([], [], 0) for m in modes}
    before = None
    for i in range(n):
        if i == warmup:
            before = scan_time(port)
        for m in modes:
            first, total, text, events = one(conn, key, m[1], m[2])
            if m[2] and m[1] == "bench-pii":
                if any(v in text for v in VALUES) or text != REDACTED:
                    sys.exit("guarded stream was not redacted as expected: " + text)
            elif text != (PII if m[1] == "bench-pii" else CLEAN):
                sys.exit("stream text changed: " + text)
            if i >= warmup:
                results[m][0].append(first)
                results[m][1].append(total)
            results[m] = (results[m][0], results[m][1], events)
    pct = lambda xs, p: sorted(xs)[min(len(xs) - 1, int(len(xs) * p))]
    print(f"{n - warmup} timed streams per row after {warmup} warm-up, modes alternating, one keep-alive connection")
    print("| answer | policy | events | first text p50 ms | p90 ms | total p50 ms | p90 ms |")
    print("|---|---|---|---|---|---|---|")
    for m in modes:
        f, t, ev = results[m]
        answer = "with PII" if m[1] == "bench-pii" else "clean"
        policy = "output pii + secrets (redact)" if m[2] else "none"
        print(f"| {answer} | {policy} | {ev} | {pct(f, 0.5):.2f} | {pct(f, 0.9):.2f} | {pct(t, 0.5):.2f} | {pct(t, 0.9):.2f} |")
    after = scan_time(port)
    streams = after[1] - before[1]
    if streams > 0:
        per_stream = (after[0] - before[0]) / streams * 1e6
        events = (results[modes[1]][2] + results[modes[3]][2]) / 2
        print(f"\nserver-side output scan time (paved_guard_scan_seconds, timed phase): {per_stream:.0f} us per guarded stream, "
              f"{per_stream / events:.1f} us per event ({streams} streams)")


if __name__ == "__main__":
    main()
