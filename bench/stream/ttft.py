"""Warm time-to-first-token and JSON latency, direct vs through Paved, sequential on one keep-alive connection.

Usage: ttft.py DIRECT_PORT PAVED_PORT KEY [requests=3000] [warmup=2000]
       ttft.py streams PORT KEY N     (N streamed requests, for the memory phase)
Each target gets `warmup` untimed requests of the same kind first, so the JIT has compiled the path
being measured (the shared harness's 20-request streaming check measures a mostly interpreted path).
"""
import http.client
import json
import sys
import time


def run(port, key, stream, n, warmup):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    body = json.dumps({"model": "fake-gpt", "stream": stream,
                       "messages": [{"role": "user", "content": "hi"}]}).encode()
    headers = {"Authorization": "Bearer " + key, "content-type": "application/json"}
    firsts, texts, totals = [], [], []
    for i in range(n):
        t0 = time.perf_counter()
        conn.request("POST", "/v1/chat/completions", body, headers)
        resp = conn.getresponse()
        first = None
        text = None
        if stream:
            while True:
                line = resp.readline()
                if first is None and b'"content"' in line:
                    first = time.perf_counter()
                if text is None and b'"content":"' in line and b'"content":""' not in line:
                    text = time.perf_counter()
                if not line or b"[DONE]" in line:
                    break
            resp.read()
        else:
            resp.read()
            first = text = time.perf_counter()
        if resp.status != 200 or first is None or text is None:
            sys.exit(f"port {port}: status {resp.status} or no content")
        end = time.perf_counter()
        if i >= warmup:
            firsts.append((first - t0) * 1000)
            texts.append((text - t0) * 1000)
            totals.append((end - t0) * 1000)
    firsts.sort()
    texts.sort()
    totals.sort()
    pct = lambda xs, p: xs[min(len(xs) - 1, int(len(xs) * p))]
    return pct(firsts, 0.5), pct(firsts, 0.9), pct(totals, 0.5), pct(texts, 0.5)


def main():
    if sys.argv[1] == "streams":
        # streams PORT KEY N: N streamed requests, untimed (memory phase of stream-ttft.sh).
        run(int(sys.argv[2]), sys.argv[3], True, int(sys.argv[4]), int(sys.argv[4]) - 1)
        return
    direct, paved, key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
    warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 2000
    print(f"{n - warmup} timed requests per row after {warmup} warm-up, one keep-alive connection")
    # first content: the first line with a "content" field (on streams the role chunk, content "");
    # first text: the first non-empty content (what a hold-back of the answer text would delay).
    print("| mode | target | first content p50 ms | p90 ms | first text p50 ms | total p50 ms | added p50 ms |")
    print("|---|---|---|---|---|---|---|")
    for stream in (False, True):
        d = run(direct, key, stream, n, warmup)
        p = run(paved, key, stream, n, warmup)
        mode = "stream" if stream else "json"
        print(f"| {mode} | direct | {d[0]:.2f} | {d[1]:.2f} | {d[3]:.2f} | {d[2]:.2f} | - |")
        print(f"| {mode} | paved | {p[0]:.2f} | {p[1]:.2f} | {p[3]:.2f} | {p[2]:.2f} | {p[0] - d[0]:.2f} |")


if __name__ == "__main__":
    main()
