#!/usr/bin/python3
"""The bench's TCP endpoints, each run by nsenter inside a container's network namespace.

  connrate.py serve PORT...             answer every connection: read a few bytes, send them back, close
  connrate.py rate ADDR PORT SECS CAP   open, exchange, close connections one after another for SECS seconds or CAP
                                        connections, whichever comes first; print {"connections": n, "seconds": s,
                                        "best_window": the rate of the busiest whole half second}
  connrate.py probe ADDR PORT SECS      exit 0 if a connection opens within SECS seconds, 1 if not

The server closes first, so TIME_WAIT stays on its side and the client's ephemeral ports never run out.
"""
import json
import selectors
import socket
import sys
import time

WINDOW = 0.5


def serve(ports):
    selector = selectors.DefaultSelector()
    for port in ports:
        listener = socket.create_server(("0.0.0.0", port), backlog=512, reuse_port=True)
        selector.register(listener, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            conn, _ = key.fileobj.accept()
            conn.settimeout(1)
            try:
                conn.sendall(conn.recv(64))
            except OSError:
                pass
            conn.close()


def rate(addr, port, seconds, cap):
    started = time.monotonic()
    deadline = started + seconds
    count = 0
    windows = {}
    while count < cap and time.monotonic() < deadline:
        with socket.create_connection((addr, port), timeout=2) as conn:
            conn.sendall(b"ping")
            while conn.recv(64):
                pass
        count += 1
        window = int((time.monotonic() - started) / WINDOW)
        windows[window] = windows.get(window, 0) + 1
    elapsed = time.monotonic() - started
    # Only whole windows count: the last one is cut short by the deadline.
    whole = [n for w, n in windows.items() if (w + 1) * WINDOW <= elapsed]
    print(json.dumps({"connections": count, "seconds": elapsed, "best_window": max(whole, default=0) / WINDOW}))


def probe(addr, port, seconds):
    try:
        socket.create_connection((addr, port), timeout=seconds).close()
        return 0
    except OSError:
        return 1


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "serve":
        serve([int(p) for p in args])
    elif mode == "rate":
        rate(args[0], int(args[1]), float(args[2]), int(args[3]))
    elif mode == "probe":
        sys.exit(probe(args[0], int(args[1]), float(args[2])))
    else:
        sys.exit(f"unknown mode {mode}")
