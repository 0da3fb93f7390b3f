module jasyncio.dev/bench

go 1.19
