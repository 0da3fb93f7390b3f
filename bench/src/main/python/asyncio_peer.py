"""The comparison workloads in Python asyncio, idiomatic: create_task, futures, asyncio.Queue,
asyncio.Semaphore, asyncio.sleep. Run with "uvloop" as the first argument to use uvloop's loop.

Usage: asyncio_peer.py asyncio|uvloop WORKLOAD N WARMUPS RUNS
Prints the harness's line protocol: "run SECONDS" per measured run, then "rss_kb", "base_kb";
or "na REASON".
"""
import asyncio
import gc
import sys
import time


async def spawn(n):
    async def work(v):
        return v

    tasks = [asyncio.create_task(work(i)) for i in range(n)]
    total = 0
    for t in tasks:
        total += await t
    return total


async def promise_pingpong(n):
    loop = asyncio.get_running_loop()
    slots = {"request": loop.create_future(), "reply": None}

    async def ponger():
        for _ in range(n):
            v = await slots["request"]
            slots["request"] = loop.create_future()
            slots["reply"].set_result(v + 1)

    p = asyncio.create_task(ponger())
    total = 0
    for i in range(n):
        reply = loop.create_future()
        slots["reply"] = reply
        slots["request"].set_result(i)
        total += await reply
    await p
    return total


async def queue_pingpong(n):
    ping, pong = asyncio.Queue(1), asyncio.Queue(1)

    async def ponger():
        for _ in range(n):
            await pong.put(await ping.get() + 1)

    p = asyncio.create_task(ponger())
    total = 0
    for i in range(n):
        await ping.put(i)
        total += await pong.get()
    await p
    return total


async def semaphore(n):
    sem = asyncio.Semaphore(100)

    async def work():
        async with sem:
            await asyncio.sleep(0)

    await asyncio.gather(*(work() for _ in range(n)))
    return n


async def producer_consumer(n):
    q = asyncio.Queue(1024)

    async def producer():
        for i in range(n):
            await q.put(i)

    async def consumer():
        total = 0
        for _ in range(n):
            total += await q.get()
        return total

    _, total = await asyncio.gather(producer(), consumer())
    return total


async def sleep(n):
    await asyncio.gather(*(asyncio.sleep(1) for _ in range(n)))
    return n


WORKLOADS = {
    "spawn": spawn,
    "promise-pingpong": promise_pingpong,
    "queue-pingpong": queue_pingpong,
    "semaphore": semaphore,
    "producer-consumer": producer_consumer,
    "sleep": sleep,
}


def status_kb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def main():
    flavour, workload, n, warmups, runs = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
    base = status_kb("VmRSS")
    if flavour == "uvloop":
        import uvloop
        run = uvloop.run if hasattr(uvloop, "run") else (lambda c: (uvloop.install(), asyncio.run(c))[1])
    else:
        run = asyncio.run
    body = WORKLOADS.get(workload)
    if body is None:
        print("na not written for this peer: " + workload)
        return
    for _ in range(warmups):
        run(body(n))
        gc.collect()
    for _ in range(runs):
        t0 = time.perf_counter()
        run(body(n))
        print("run %.6f" % (time.perf_counter() - t0), flush=True)
        gc.collect()
    print("rss_kb %d" % status_kb("VmHWM"))
    print("base_kb %d" % base)


if __name__ == "__main__":
    main()
