"""redis-queue on redis.asyncio (Debian's python3-redis), the same pattern as jasyncio's
DistributedQueue: this process produces (XADD) from 8 tasks; 4 consumer processes, 8 tasks each,
take (XREADGROUP COUNT 1 BLOCK) and acknowledge (XACK and XDEL in one MULTI) every item; a run
ends when the stream is empty. The consumers start on the first run and end when their stdin
closes (when this process ends). Run as "workloads_redis.py consumer FLAVOUR HOST:PORT QUEUE NAME"
for a consumer.
"""
import asyncio
import os
import subprocess
import sys

import redis.asyncio as aioredis

TASKS = 8
CONSUMERS = 4
ITEM_SIZE = 1024
GROUP = "workers"
QUEUE = "bench-python-%d" % os.getpid()
_consumers = None


def _client(service):
    host, port = service.rsplit(":", 1)
    return aioredis.Redis(host=host, port=int(port), max_connections=TASKS + 4)


async def _create_group(r, queue):
    try:
        await r.xgroup_create(queue, GROUP, id="0", mkstream=True)
    except aioredis.ResponseError as e:
        if "BUSYGROUP" not in str(e):
            raise


def _start_consumers(service):
    flavour = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] in ("asyncio", "uvloop") else "asyncio"
    procs = [subprocess.Popen([sys.executable, os.path.abspath(__file__), "consumer", flavour, service,
                               QUEUE, "consumer-%d" % i], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
             for i in range(CONSUMERS)]
    for p in procs:
        line = p.stdout.readline().decode().strip()
        if line != "ready":
            raise RuntimeError("a redis-queue consumer did not start: %r" % line)
    return procs


async def redis_queue(n, service):
    global _consumers
    if _consumers is None:
        _consumers = _start_consumers(service)
    r = _client(service)
    await _create_group(r, QUEUE)
    payload = b"x" * ITEM_SIZE

    async def produce(first):
        for i in range(first, n, TASKS):
            await r.xadd(QUEUE, {"id": str(i), "v": payload})

    await asyncio.gather(*(produce(t) for t in range(TASKS)))
    wait = 0.001
    while await r.xlen(QUEUE) > 0:  # join: every item acknowledged and deleted
        await asyncio.sleep(wait)
        wait = min(wait * 2, 0.05)
    await r.close()
    await r.connection_pool.disconnect()
    return n


async def _consume(service, queue, name):
    r = _client(service)
    await _create_group(r, queue)
    print("ready", flush=True)

    async def worker():
        while True:
            reply = await r.xreadgroup(GROUP, name, {queue: ">"}, count=1, block=500)
            for _stream, entries in reply:
                for entry_id, _fields in entries:
                    async with r.pipeline(transaction=True) as p:
                        p.xack(queue, GROUP, entry_id)
                        p.xdel(queue, entry_id)
                        await p.execute()

    async def until_stdin_closes():
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)
        os._exit(0)

    await asyncio.gather(until_stdin_closes(), *(worker() for _ in range(TASKS)))


WORKLOADS = {"redis-queue": redis_queue}

if __name__ == "__main__" and sys.argv[1:2] == ["consumer"]:
    flavour, service, queue, name = sys.argv[2:6]
    if flavour == "uvloop":
        import uvloop
        uvloop.install()
    asyncio.run(_consume(service, queue, name))
