#!/usr/bin/env python3
"""tftp-times.py PCAP: the TFTP transfers in a packet capture (QEMU's filter-dump of a
guest's network, classic pcap with ethernet frames): one line per file asked for, with its
bytes, the seconds from the read request to the last data packet, and the rate; and the
seconds from the capture's first packet to each request. Used by t-image-netboot.sh to
measure how long iPXE takes to load the kernel and initramfs over QEMU's TFTP server, and
/init to fetch the station's files (or the server's error, such as "File not found")."""
import struct
import sys


def packets(path):
    """(seconds, frame) for every packet of a classic pcap file."""
    with open(path, 'rb') as f:
        data = f.read()
    magic = data[:4]
    if magic == b'\xd4\xc3\xb2\xa1':
        end, frac = '<', 1e-6
    elif magic == b'\xa1\xb2\xc3\xd4':
        end, frac = '>', 1e-6
    elif magic == b'\x4d\x3c\xb2\xa1':
        end, frac = '<', 1e-9
    elif magic == b'\xa1\xb2\x3c\x4d':
        end, frac = '>', 1e-9
    else:
        raise SystemExit('%s: not a pcap file' % path)
    i = 24
    while i + 16 <= len(data):
        sec, sub, incl, _ = struct.unpack(end + 'IIII', data[i:i + 16])
        i += 16
        yield sec + sub * frac, data[i:i + incl]
        i += incl


def udp(frame):
    """(src, sport, dst, dport, payload) of an IPv4 UDP frame, or None."""
    if len(frame) < 14 + 20 + 8 or frame[12:14] != b'\x08\x00':
        return None
    ip = frame[14:]
    ihl = (ip[0] & 15) * 4
    if ip[9] != 17:
        return None
    src, dst = '.'.join(map(str, ip[12:16])), '.'.join(map(str, ip[16:20]))
    sport, dport, length = struct.unpack('>HHH', ip[ihl:ihl + 6])
    return src, sport, dst, dport, ip[ihl + 8:ihl + length]


def main():
    start = None
    transfers = {}  # client (address, port) -> [name, requested, last data, bytes]
    order = []
    for t, frame in packets(sys.argv[1]):
        if start is None:
            start = t
        u = udp(frame)
        if not u or len(u[4]) < 4:
            continue
        src, sport, dst, dport, p = u
        op = struct.unpack('>H', p[:2])[0]
        if op == 1 and dport == 69:  # RRQ: name, mode, options
            name = p[2:].split(b'\0')[0].decode('ascii', 'replace')
            key = (src, sport)
            transfers[key] = [name, t, t, 0, '']
            order.append(key)
        elif op == 5 and (dst, dport) in transfers:  # ERROR: code, message
            transfers[(dst, dport)][4] = p[4:].split(b'\0')[0].decode('ascii', 'replace')
        elif op == 3 and (dst, dport) in transfers:  # DATA to the client
            tr = transfers[(dst, dport)]
            tr[2] = t
            tr[3] += len(p) - 4
    for key in order:
        name, t0, t1, size, error = transfers[key]
        if error:
            print('%-24s %s (asked at %.1f s)' % (name, error, t0 - start))
            continue
        secs = t1 - t0
        rate = size / secs / 1e6 if secs > 0 else 0
        print('%-24s %10d bytes %7.2f s %6.2f MB/s (asked at %.1f s)' % (name, size, secs, rate, t0 - start))


if __name__ == '__main__':
    main()
