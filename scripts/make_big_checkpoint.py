#!/usr/bin/python3
"""Writes a torch.save-style zip checkpoint with one huge float32 storage,
without torch and without writing the tensor bytes: the storage record is a
sparse hole of zeros, so a multi-GB file costs no disk and seconds to make.
Layout as torch.save writes it (formats.md C3): archive/data.pkl (protocol 2,
BINPERSID storage id), archive/data/0 (stored, 64-byte aligned), archive/version.

  scripts/make_big_checkpoint.py --gib 4 OUT.pt
"""
import argparse
import struct
import zlib


def data_pkl(numel):
    # OrderedDict({'weight': _rebuild_tensor_v2(storage, 0, (numel,), (1,), False, OrderedDict())})
    p = bytearray(b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x06\x00\x00\x00weightq\x02")
    p += b"ctorch._utils\n_rebuild_tensor_v2\nq\x03((X\x07\x00\x00\x00storageq\x04ctorch\nFloatStorage\nq\x05"
    p += b"X\x01\x00\x00\x000q\x06X\x03\x00\x00\x00cpuq\x07\x8a\x08" + struct.pack("<q", numel)
    p += b"tq\x08QK\x00\x8a\x08" + struct.pack("<q", numel) + b"\x85q\tK\x01\x85q\n\x89h\x00)Rq\x0btq\x0cRq\rs."
    return bytes(p)


def zero_crc(n):
    crc, chunk = 0, bytes(1 << 24)
    while n:
        k = min(n, len(chunk))
        crc = zlib.crc32(chunk[:k], crc)
        n -= k
    return crc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gib", type=float, default=4)
    ap.add_argument("out")
    a = ap.parse_args()
    nbytes = int(a.gib * (1 << 30)) // 4 * 4
    records = [("archive/data.pkl", data_pkl(nbytes // 4)), ("archive/data/0", None), ("archive/version", b"3\n")]
    central = bytearray()
    with open(a.out, "wb") as f:
        for name, payload in records:
            size = nbytes if payload is None else len(payload)
            crc = zero_crc(size) if payload is None else zlib.crc32(payload)
            offset = f.tell()
            name_b = name.encode()
            zip64 = size >= 0xFFFFFFFF
            extra = struct.pack("<HHQQ", 1, 16, size, size) if zip64 else b""
            pad = (-(offset + 30 + len(name_b) + len(extra) + 4)) % 64
            extra += b"FB" + struct.pack("<H", pad) + b"Z" * pad
            small = 0xFFFFFFFF if zip64 else size
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45 if zip64 else 20, 0, 0, 0, 0, crc, small, small,
                                len(name_b), len(extra)) + name_b + extra)
            if payload is None:
                f.seek(size, 1)
            else:
                f.write(payload)
            # zip64 extra fields hold exactly the values whose header field is 0xFFFFFFFF.
            far = offset >= 0xFFFFFFFF
            values = ([size, size] if zip64 else []) + ([offset] if far else [])
            cextra = struct.pack("<HH", 1, 8 * len(values)) + struct.pack(f"<{len(values)}Q", *values) if values else b""
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45 if values else 20, 0, 0, 0, 0, crc,
                                   small, small, len(name_b), len(cextra), 0, 0, 0, 0,
                                   0xFFFFFFFF if far else offset) + name_b + cextra
        cd_offset = f.tell()
        f.write(central)
        end = f.tell()
        f.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(records), len(records), len(central),
                            cd_offset))
        f.write(struct.pack("<IIQI", 0x07064B50, 0, end, 1))
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))


if __name__ == "__main__":
    main()
