"""Event stream figures for Benchmarks/events-bench.sh: the RSS of the pomod holding STREAMS open
streams, and the time from a write's answer on pomod B to its event on a stream held by pomod A."""
import asyncio, json, os, sys, time, urllib.request

a_port, b_port, pid_a = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
streams, rounds = int(os.environ.get("STREAMS", "1000")), int(os.environ.get("ROUNDS", "200"))


def call(port, method, path, body=None, token=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


async def open_stream(token):
    reader, writer = await asyncio.open_connection("127.0.0.1", a_port)
    writer.write(f"GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
    await writer.drain()
    await reader.readuntil(b"event: presence")
    return reader, writer


async def main():
    token = call(b_port, "POST", "/api/auth/register",
                 {"username": "bench", "email": "bench@example.com", "password": "bench-password"})["access_token"]
    before = rss_kib(pid_a)
    held = [await open_stream(token) for _ in range(streams)]
    after = rss_kib(pid_a)
    print(f"RSS of pomod A: {before / 1024:.1f} MiB idle, {after / 1024:.1f} MiB with {streams} open streams "
          f"({(after - before) / streams:.1f} KiB per stream)")
    reader = held[0][0]
    delays = []
    loop = asyncio.get_running_loop()
    for n in range(rounds):
        sent = time.perf_counter()
        started = await loop.run_in_executor(None, call, b_port, "POST", "/api/v1/pomodoro", {"duration_minutes": 25}, token)
        await reader.readuntil(b"event: session.started")
        delays.append(time.perf_counter() - sent)
        await loop.run_in_executor(None, call, b_port, "POST", f"/api/v1/pomodoro/{started['data']['id']}/complete", None, token)
        await reader.readuntil(b"event: session.completed")
    delays.sort()
    pick = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))] * 1000
    print(f"write on B to event on A's stream, {rounds} rounds: p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, "
          f"max {delays[-1] * 1000:.1f} ms (the write's own time included)")
    for _, writer in held:
        writer.close()


asyncio.run(main())
