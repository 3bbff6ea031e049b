#!/usr/bin/python3
"""Sends one hand-made ICMPv6 frame out of an interface, as a container with NET_RAW could: the real-packet tests run it
inside a container's network namespace (nsenter -n) to try IPv6 spoofs the firewall must stop.

Usage: icmpv6_send.py IFACE KIND SRC_MAC SRC_IP DST_MAC DST_IP [TARGET]
  KIND: echo (128), ra (router advertisement, 134), na (neighbour advertisement for TARGET, 136),
        redirect (137, TARGET redirected to DST_IP)
Only the standard library: a raw AF_PACKET socket, the IPv6 header and the checksum over its pseudo-header.
"""
import socket
import struct
import sys


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def main() -> None:
    iface, kind, src_mac, src_ip, dst_mac, dst_ip = sys.argv[1:7]
    target = socket.inet_pton(socket.AF_INET6, sys.argv[7]) if len(sys.argv) > 7 else b""
    src = socket.inet_pton(socket.AF_INET6, src_ip)
    dst = socket.inet_pton(socket.AF_INET6, dst_ip)
    mac = bytes.fromhex(src_mac.replace(":", ""))
    if kind == "echo":
        icmp_type, body = 128, struct.pack("!HH", 0x4c48, 1) + b"homelab"
    elif kind == "ra":
        # Hop limit 64, no flags, router lifetime 1800 s, reachable and retransmit timers unspecified;
        # a source link-layer address option, as a real router sends.
        icmp_type, body = 134, struct.pack("!BBHII", 64, 0, 1800, 0, 0) + struct.pack("!BB", 1, 1) + mac
    elif kind == "na":
        # Override flag set: the kind of advertisement that rewrites a neighbour cache entry.
        icmp_type, body = 136, struct.pack("!I", 0x20000000) + target + struct.pack("!BB", 2, 1) + mac
    elif kind == "redirect":
        icmp_type, body = 137, struct.pack("!I", 0) + target + dst
    else:
        raise SystemExit(f"unknown kind {kind}")
    icmp = struct.pack("!BBH", icmp_type, 0, 0) + body
    pseudo = src + dst + struct.pack("!I3xB", len(icmp), 58)
    icmp = icmp[:2] + struct.pack("!H", checksum(pseudo + icmp)) + icmp[4:]
    ipv6 = struct.pack("!IHBB", 6 << 28, len(icmp), 58, 255) + src + dst
    frame = bytes.fromhex(dst_mac.replace(":", "")) + mac + struct.pack("!H", 0x86DD) + ipv6 + icmp
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as raw:
        raw.bind((iface, 0))
        raw.send(frame)


if __name__ == "__main__":
    main()
