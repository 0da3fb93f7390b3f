"""The task and primitive workloads in Python asyncio, idiomatic: create_task, futures,
asyncio.Queue, asyncio.Semaphore, asyncio.sleep. Each takes (n, service) and returns a checksum.
"""
import asyncio


async def spawn(n, service=None):
    async def work(v):
        return v

    tasks = [asyncio.create_task(work(i)) for i in range(n)]
    total = 0
    for t in tasks:
        total += await t
    return total


async def promise_pingpong(n, service=None):
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


async def queue_pingpong(n, service=None):
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


async def semaphore(n, service=None):
    sem = asyncio.Semaphore(100)

    async def work():
        async with sem:
            await asyncio.sleep(0)

    await asyncio.gather(*(work() for _ in range(n)))
    return n


async def producer_consumer(n, service=None):
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


async def sleep(n, service=None):
    await asyncio.gather(*(asyncio.sleep(1) for _ in range(n)))
    return n


WORKLOADS = {
    "spawn": spawn,
    "promise-pingpong": promise_pingpong,
    "queue-pingpong": queue_pingpong,
    "semaphore": semaphore,
    "producer-consumer": producer_consumer,
    "sleep-100k": sleep,
    "sleep-1m": sleep,
}
