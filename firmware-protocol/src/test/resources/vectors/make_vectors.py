#!/usr/bin/env python3
"""Builds the golden vectors frames.hex and bus-frames.hex from the wire layout alone.

This script shares no code with the Java codec on purpose: it packs every field with struct
from the layout of the villagecast terminal protocol, computes the RS-485 CRC with binascii,
and signs hub frames with OpenSSL. The Java tests decode these bytes, compare the fields with
what is written here, re-encode and compare byte for byte, so a mistake in either
implementation shows up as a difference between the two.

Usage (Python 3 standard library and the openssl 3 command line):

    python3 make_vectors.py            # rewrites frames.hex and bus-frames.hex next to it

Ed25519 signatures are deterministic, so running it again gives the same files.

Layout (all integers big-endian; PROTOCOL.md sections 2, 5 and 8):
  header (34 bytes): version u8 (0x10), type u8, flags u8 (bit 0 signed, bit 1 ack requested),
      address kind u8 (0 hub, 1 terminal, 2 area, 3 group, 4 all), address 12 bytes,
      message id u32 (1 or more), refers-to u32, timestamp u64 (microseconds since the Unix epoch),
      body length u16
  body (body length bytes)
  trailer, when signed: key id u16, Ed25519 signature (64 bytes) over every byte before it
  address: terminal and area codes in packed BCD, high nibble first, unused nibbles 0xF;
      a group number as u32 followed by 8 zero bytes; hub and all: 12 zero bytes
  bus frame: SOF 0xA5, unit address u8, control u8, length u16, message, CRC-16 u16
      (CRC-16/CCITT-FALSE over every byte before it, SOF included)
"""

import binascii
import datetime
import os
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# RFC 8032 section 7.1, TEST 1: the secret key (seed) of a published test key pair. It signs
# only test vectors; its public key is d75a9801...f707511a.
TEST_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
# RFC 8410: PKCS#8 DER wrapping of a raw Ed25519 seed, so openssl can read it.
PKCS8_ED25519_PREFIX = bytes.fromhex("302e020100300506032b657004220420")
# Key id under which the terminals of the vectors trust the test key. Two different bytes,
# so a byte-order slip is visible.
KEY_ID = 0x0102

VERSION = 0x10
FLAG_SIGNED = 0x01
FLAG_ACK_REQUESTED = 0x02

HUB, TERMINAL, AREA, GROUP, ALL = 0, 1, 2, 3, 4

# Message type codes.
PLAY, STOP, SET_VOLUME, AMP_ON, AMP_OFF, CONFIG = 0x01, 0x02, 0x03, 0x04, 0x05, 0x06
STATUS_QUERY, PLAY_LOG_QUERY, FAULT_DETAIL_QUERY = 0x07, 0x08, 0x09
TIME_SYNC_RESPONSE, KEY_UPDATE, AUDIO = 0x0A, 0x0B, 0x10
ACK, NACK, STATUS_REPORT, HEARTBEAT = 0x20, 0x21, 0x22, 0x23
TASK_STARTED, TASK_FINISHED, PLAY_LOG_REPORT = 0x24, 0x25, 0x26
FAULT_DETAIL_REPORT, TIME_SYNC_REQUEST = 0x27, 0x28

# Codes of the small enumerations.
DAILY, EMERGENCY, ACTUAL_DRILL, SIMULATED_DRILL, SYSTEM_DRILL = 0, 1, 2, 3, 4
SRC_STREAM, SRC_URL, SRC_STORED_CLIP, SRC_TEXT = 0, 1, 2, 3
RUNNING, STOPPED, FAULT, RECOVERED, BROADCASTING = 0, 1, 2, 3, 4
LINE_OK, LINE_OPEN, LINE_SHORT = 0, 1, 2
COMPLETED, STOPPED_BY_COMMAND, PREEMPTED, FAILED, END_TIME = 0, 1, 2, 3, 4
KEY_ADD, KEY_REVOKE = 1, 2
OPUS = 1
NACK_QUIET_HOURS, NACK_BAD_SIGNATURE = 9, 6

# Bus control codes.
COMMAND, POLL, REPLY, NOTHING = 0x00, 0x01, 0x80, 0x81

# The example terminal of PROTOCOL.md: resource code = level 4, area code 420525105201,
# type 0314, sequence 01, subtype 02, sequence 01 (23 digits).
AREA_CODE = "420525105201"
RESOURCE_CODE = "4" + AREA_CODE + "0314" + "01" + "02" + "01"

# 2025-03-01T08:00:00Z in microseconds; every timestamp is an offset from it.
T0 = int(datetime.datetime(2025, 3, 1, 8, 0, tzinfo=datetime.timezone.utc).timestamp()) * 10**6
SECOND = 10**6


def bcd(digits, size):
    nibbles = [int(d) for d in digits] + [0xF] * (2 * size - len(digits))
    return bytes((nibbles[i] << 4) | nibbles[i + 1] for i in range(0, 2 * size, 2))


def address(kind, code=""):
    if kind in (TERMINAL, AREA):
        return bytes([kind]) + bcd(code, 12)
    if kind == GROUP:
        return bytes([kind]) + struct.pack(">I", int(code)) + bytes(8)
    return bytes([kind]) + bytes(12)


def string8(text):
    data = text.encode("utf-8")
    return struct.pack(">B", len(data)) + data


def string16(text):
    data = text.encode("utf-8")
    return struct.pack(">H", len(data)) + data


def sign(data):
    """Ed25519 signature of data by the test key, made by openssl (not by Java)."""
    with tempfile.TemporaryDirectory() as tmp:
        key = os.path.join(tmp, "key.der")
        message = os.path.join(tmp, "message.bin")
        with open(key, "wb") as f:
            f.write(PKCS8_ED25519_PREFIX + TEST_SEED)
        with open(message, "wb") as f:
            f.write(data)
        signature = subprocess.run(
            ["openssl", "pkeyutl", "-sign", "-rawin", "-keyform", "DER", "-inkey", key,
             "-in", message],
            check=True, capture_output=True).stdout
    assert len(signature) == 64, signature
    return signature


def frame(msg_type, addr, message_id, refers_to, timestamp, body, signed, ack=False):
    flags = (FLAG_SIGNED if signed else 0) | (FLAG_ACK_REQUESTED if ack else 0)
    head = struct.pack(">BBB", VERSION, msg_type, flags) + addr
    head += struct.pack(">IIQH", message_id, refers_to, timestamp, len(body))
    assert len(head) == 34
    data = head + body
    if signed:
        data += struct.pack(">H", KEY_ID)
        data += sign(data)
    return data


def hub(msg_type, addr, message_id, timestamp, body, ack=False, refers_to=0):
    """A hub-to-terminal frame: always signed."""
    return frame(msg_type, addr, message_id, refers_to, timestamp, body, True, ack)


def up(msg_type, message_id, refers_to, timestamp, body):
    """A terminal-to-hub frame from the vectors' terminal: unsigned."""
    return frame(msg_type, address(TERMINAL, RESOURCE_CODE), message_id, refers_to, timestamp,
                 body, False)


def play(broadcast_id, priority, level, alert_class, source, stream_id, start, end, volume,
         repeats, text):
    return (struct.pack(">QBBBBIQQBB", broadcast_id, priority, level, alert_class, source,
                        stream_id, start, end, volume, repeats) + string16(text))


def config(resource_code, area_code, heartbeat, quiet_start, quiet_end, utc_offset, groups):
    return (bcd(resource_code, 12) + bcd(area_code, 6)
            + struct.pack(">HHHhB", heartbeat, quiet_start, quiet_end, utc_offset, len(groups))
            + b"".join(struct.pack(">I", g) for g in groups))


def audio(stream_id, codec, channels, frame_duration, sequence, presentation, end_of_stream,
          frames):
    body = struct.pack(">IBBHIQBB", stream_id, codec, channels, frame_duration, sequence,
                       presentation, end_of_stream, len(frames))
    return body + b"".join(struct.pack(">H", len(f)) + f for f in frames)


def status_report(uptime, state, volume, amp_on, playing, temperature, supply, line, signal,
                  faults, protocol_version, firmware):
    return (struct.pack(">IBBBQhHBbHB", uptime, state, volume, amp_on, playing, temperature,
                        supply, line, signal, faults, protocol_version) + string8(firmware))


def log_entry(broadcast_id, started, finished, outcome, frames_played):
    return struct.pack(">QQQBI", broadcast_id, started, finished, outcome, frames_played)


def fault(code, since, detail):
    return struct.pack(">HQ", code, since) + string8(detail)


# A second, unrelated public key for KEY_UPDATE ADD (RFC 8032 section 7.1, TEST 2).
NEW_PUBLIC_KEY = bytes.fromhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
# Opus packets are opaque to the protocol; these stand in for encoder output. One holds 0xA5,
# the bus start-of-frame byte, which must pass through the bus framing untouched.
OPUS_SILENCE = bytes.fromhex("f8fffe")
OPUS_PACKET = bytes.fromhex("fc0a5a5ba5c3d2e1f00112233445566778")

BROADCAST = 0x0000_0193_5A2B_0001
# A broadcast id above 2^63: the field is unsigned on the wire.
BIG_BROADCAST = 0xF000_0000_0000_002A
ALL_BROADCASTS = 0

FRAMES = [
    ("PLAY_EMERGENCY_COUNTY",
     "signed PLAY of an emergency (level 1) stream to county area 420525, ack requested",
     hub(PLAY, address(AREA, "420525"), 1001, T0,
         play(BROADCAST, 250, 1, EMERGENCY, SRC_STREAM, 0x00A1B2C3, T0 + 2 * SECOND,
              T0 + 600 * SECOND, 90, 2, ""), ack=True)),
    ("PLAY_DAILY_TEXT_GROUP",
     "signed PLAY of a daily notice as UTF-8 text to group 42, keeping the volume",
     hub(PLAY, address(GROUP, "42"), 1002, T0 + 1 * SECOND,
         play(BROADCAST + 1, 10, 0, DAILY, SRC_TEXT, 0, T0 + 60 * SECOND, 0, 255, 0,
              "村委会通知：今晚八点停水。"))),
    ("PLAY_DRILL_URL_TERMINAL",
     "signed PLAY of a simulated drill (level 3) from a URL to one terminal",
     hub(PLAY, address(TERMINAL, RESOURCE_CODE), 1003, T0 + 2 * SECOND,
         play(BROADCAST + 2, 200, 3, SIMULATED_DRILL, SRC_URL, 0, T0, T0 + 1, 100, 255,
              "https://media.example.org/drill.opus"), ack=True)),
    ("PLAY_CLIP_VILLAGE",
     "signed PLAY of a stored clip, system drill level 4, broadcast id above 2^63, "
     "to village area 420525105201",
     hub(PLAY, address(AREA, AREA_CODE), 0xFFFF_FFFE, T0 + 3 * SECOND,
         play(BIG_BROADCAST, 0, 4, SYSTEM_DRILL, SRC_STORED_CLIP, 0, 0, 0, 0, 1, "siren-3"))),
    ("PLAY_ACTUAL_DRILL_ALL",
     "signed PLAY of an actual drill (level 2) stream to every terminal",
     hub(PLAY, address(ALL), 1004, T0 + 4 * SECOND,
         play(BROADCAST + 3, 128, 2, ACTUAL_DRILL, SRC_STREAM, 0xFFFF_FFFF, T0 + 5 * SECOND,
              T0 + 65 * SECOND, 80, 3, "drill 2025-03"))),
    ("STOP_ONE_PROVINCE",
     "signed STOP of one broadcast to province area 42",
     hub(STOP, address(AREA, "42"), 1005, T0 + 5 * SECOND, struct.pack(">Q", BROADCAST))),
    ("STOP_ALL",
     "signed STOP of every broadcast (id 0) to every terminal, ack requested",
     hub(STOP, address(ALL), 1006, T0 + 6 * SECOND, struct.pack(">Q", ALL_BROADCASTS),
         ack=True)),
    ("SET_VOLUME",
     "signed SET_VOLUME 75 to one terminal",
     hub(SET_VOLUME, address(TERMINAL, RESOURCE_CODE), 1007, T0 + 7 * SECOND,
         struct.pack(">B", 75))),
    ("AMP_ON_CITY",
     "signed AMP_ON to city area 4205",
     hub(AMP_ON, address(AREA, "4205"), 1008, T0 + 8 * SECOND, b"")),
    ("AMP_OFF_TOWN",
     "signed AMP_OFF to town area 420525105",
     hub(AMP_OFF, address(AREA, "420525105"), 1009, T0 + 9 * SECOND, b"")),
    ("CONFIG",
     "signed CONFIG: heartbeat 60 s, quiet hours 22:00-06:30, UTC+8, three groups",
     hub(CONFIG, address(TERMINAL, RESOURCE_CODE), 1010, T0 + 10 * SECOND,
         config(RESOURCE_CODE, AREA_CODE, 60, 22 * 60, 6 * 60 + 30, 480,
                [42, 7, 0xFFFF_FFFF]), ack=True)),
    ("CONFIG_NO_GROUPS",
     "signed CONFIG: no groups, no quiet hours, UTC-5 (a negative offset)",
     hub(CONFIG, address(TERMINAL, RESOURCE_CODE), 1011, T0 + 11 * SECOND,
         config(RESOURCE_CODE, AREA_CODE, 3600, 0, 0, -300, []))),
    ("STATUS_QUERY",
     "signed STATUS_QUERY to one terminal",
     hub(STATUS_QUERY, address(TERMINAL, RESOURCE_CODE), 1012, T0 + 12 * SECOND, b"")),
    ("PLAY_LOG_QUERY",
     "signed PLAY_LOG_QUERY for the last hour, at most 30 entries",
     hub(PLAY_LOG_QUERY, address(TERMINAL, RESOURCE_CODE), 1013, T0 + 13 * SECOND,
         struct.pack(">QQB", T0 - 3600 * SECOND, T0, 30))),
    ("FAULT_DETAIL_QUERY",
     "signed FAULT_DETAIL_QUERY to group 0",
     hub(FAULT_DETAIL_QUERY, address(GROUP, "0"), 1014, T0 + 14 * SECOND, b"")),
    ("TIME_SYNC_RESPONSE",
     "signed TIME_SYNC_RESPONSE answering TIME_SYNC_REQUEST 77 (t1 echoed, t2, t3)",
     hub(TIME_SYNC_RESPONSE, address(TERMINAL, RESOURCE_CODE), 1015, T0 + 15 * SECOND,
         struct.pack(">QQQ", T0 - 42 * SECOND, T0 + 15 * SECOND - 300, T0 + 15 * SECOND - 120),
         refers_to=77)),
    ("KEY_UPDATE_ADD",
     "signed KEY_UPDATE adding key id 3 (the RFC 8032 test 2 public key)",
     hub(KEY_UPDATE, address(ALL), 1016, T0 + 16 * SECOND,
         struct.pack(">BH", KEY_ADD, 3) + NEW_PUBLIC_KEY, ack=True)),
    ("KEY_UPDATE_REVOKE",
     "signed KEY_UPDATE revoking key id 1 (public key all zeros)",
     hub(KEY_UPDATE, address(ALL), 1017, T0 + 17 * SECOND,
         struct.pack(">BH", KEY_REVOKE, 1) + bytes(32))),
    ("AUDIO_ONE_FRAME",
     "signed AUDIO to all: one mono Opus frame of 20 ms on stream 0x00A1B2C3",
     hub(AUDIO, address(ALL), 1018, T0 + 18 * SECOND,
         audio(0x00A1B2C3, OPUS, 1, 20000, 0, T0 + 2 * SECOND, 0, [OPUS_SILENCE]))),
    ("AUDIO_THREE_FRAMES",
     "signed AUDIO to all: the stream's last three stereo Opus frames (end of stream), "
     "from sequence 4294967295 (the u32 maximum)",
     hub(AUDIO, address(ALL), 1019, T0 + 19 * SECOND,
         audio(0x00A1B2C3, OPUS, 2, 20000, 0xFFFF_FFFF, T0 + 21 * SECOND, 1,
               [OPUS_PACKET, OPUS_SILENCE, bytes([0xA5])]))),
    ("ACK",
     "unsigned ACK from the terminal of PLAY 1001",
     up(ACK, 5001, 1001, T0 + 1 * SECOND + 48_000, b"")),
    ("NACK_QUIET_HOURS",
     "unsigned NACK of PLAY 1002: quiet hours, with a detail",
     up(NACK, 5002, 1002, T0 + 2 * SECOND, struct.pack(">B", NACK_QUIET_HOURS)
        + string8("quiet hours 22:00-06:30"))),
    ("NACK_BAD_SIGNATURE",
     "unsigned NACK of message 4242: bad signature, empty detail",
     up(NACK, 5003, 4242, T0 + 3 * SECOND, struct.pack(">B", NACK_BAD_SIGNATURE) + string8(""))),
    ("STATUS_REPORT_BROADCASTING",
     "unsigned STATUS_REPORT of a 4G terminal playing a broadcast: 45.2 C, 24.15 V, -71 dBm",
     up(STATUS_REPORT, 5004, 1012, T0 + 12 * SECOND + 90_000,
        status_report(86_400, BROADCASTING, 90, 1, BROADCAST, 452, 24_150, LINE_OK, -71, 0,
                      VERSION, "1.4.2"))),
    ("STATUS_REPORT_FAULT_WIRED",
     "unsigned STATUS_REPORT of a wired terminal in fault: -10.5 C, line short, no signal",
     up(STATUS_REPORT, 5005, 0, T0 + 13 * SECOND,
        status_report(0xFFFF_FFFF, FAULT, 0, 0, 0, -105, 11_800, LINE_SHORT, -128,
                      0b1000_0100, VERSION, "rs485-0.9.0+2025.02"))),
    ("HEARTBEAT",
     "unsigned HEARTBEAT: up one hour, running, clock unsynchronised",
     up(HEARTBEAT, 5006, 0, T0 + 14 * SECOND,
        struct.pack(">IBHQ", 3600, RUNNING, 0b1000_0000, 0))),
    ("TASK_STARTED",
     "unsigned TASK_STARTED of the emergency broadcast at audio sequence 0",
     up(TASK_STARTED, 5007, 1001, T0 + 2 * SECOND + 1_500,
        struct.pack(">QQI", BROADCAST, T0 + 2 * SECOND + 1_500, 0))),
    ("TASK_FINISHED",
     "unsigned TASK_FINISHED: pre-empted after 3000 frames played and 2 missed",
     up(TASK_FINISHED, 5008, 1001, T0 + 62 * SECOND,
        struct.pack(">QQQBII", BROADCAST, T0 + 2 * SECOND + 1_500, T0 + 62 * SECOND,
                    PREEMPTED, 3000, 2))),
    ("PLAY_LOG_REPORT",
     "unsigned PLAY_LOG_REPORT answering PLAY_LOG_QUERY 1013 with two entries",
     up(PLAY_LOG_REPORT, 5009, 1013, T0 + 13 * SECOND + 200_000,
        struct.pack(">B", 2)
        + log_entry(BROADCAST - 7, T0 - 1800 * SECOND, T0 - 1740 * SECOND, COMPLETED, 3000)
        + log_entry(BIG_BROADCAST, T0 - 600 * SECOND, T0 - 590 * SECOND, END_TIME, 500))),
    ("PLAY_LOG_REPORT_EMPTY",
     "unsigned PLAY_LOG_REPORT with no entries",
     up(PLAY_LOG_REPORT, 5010, 1013, T0 + 13 * SECOND + 300_000, struct.pack(">B", 0))),
    ("FAULT_DETAIL_REPORT",
     "unsigned FAULT_DETAIL_REPORT: line short (code 2) and clock unsynchronised (code 7)",
     up(FAULT_DETAIL_REPORT, 5011, 1014, T0 + 14 * SECOND + 80_000,
        struct.pack(">B", 2)
        + fault(2, T0 - 7200 * SECOND, "线路短路 line short, 0.8 ohm")
        + fault(7, T0 - 60 * SECOND, ""))),
    ("TIME_SYNC_REQUEST",
     "unsigned TIME_SYNC_REQUEST with the terminal's clock 42 s behind",
     up(TIME_SYNC_REQUEST, 77, 0, T0 - 42 * SECOND, struct.pack(">Q", T0 - 42 * SECOND))),
    ("HEARTBEAT_PROTOCOL_EXAMPLE",
     "the worked example of PROTOCOL.md section 11: HEARTBEAT, message id 0x107, "
     "2025-01-01T08:00:00Z, up 86400 s, running",
     up(HEARTBEAT, 0x107, 0, 1_735_718_400_000_000, struct.pack(">IBHQ", 86_400, RUNNING, 0, 0))),
]

BY_NAME = {name: data for name, _, data in FRAMES}


def bus_frame(unit, control, message=b""):
    data = struct.pack(">BBBH", 0xA5, unit, control, len(message)) + message
    return data + struct.pack(">H", binascii.crc_hqx(data, 0xFFFF))


BUS_FRAMES = [
    ("BUS_COMMAND",
     "COMMAND to unit 5 carrying the signed SET_VOLUME frame",
     bus_frame(5, COMMAND, BY_NAME["SET_VOLUME"])),
    ("BUS_COMMAND_AUDIO",
     "COMMAND to unit 12 carrying the signed AUDIO_THREE_FRAMES frame (0xA5 inside)",
     bus_frame(12, COMMAND, BY_NAME["AUDIO_THREE_FRAMES"])),
    ("BUS_BROADCAST",
     "COMMAND to address 0 (broadcast, no reply) carrying the signed STOP_ALL frame",
     bus_frame(0, COMMAND, BY_NAME["STOP_ALL"])),
    ("BUS_POLL",
     "POLL of unit 5",
     bus_frame(5, POLL)),
    ("BUS_REPLY",
     "REPLY from unit 5 carrying the unsigned ACK frame",
     bus_frame(5, REPLY, BY_NAME["ACK"])),
    ("BUS_REPLY_HEARTBEAT",
     "REPLY from unit 1 carrying the unsigned HEARTBEAT frame",
     bus_frame(1, REPLY, BY_NAME["HEARTBEAT"])),
    ("BUS_NOTHING",
     "NOTHING from unit 247, the highest unit address",
     bus_frame(247, NOTHING)),
    ("BUS_NOTHING_UNIT_5",
     "NOTHING from unit 5, the example of PROTOCOL.md section 8.5",
     bus_frame(5, NOTHING)),
    ("BUS_REPLY_PROTOCOL_EXAMPLE",
     "REPLY from unit 5 carrying HEARTBEAT_PROTOCOL_EXAMPLE, as in PROTOCOL.md section 11",
     bus_frame(5, REPLY, BY_NAME["HEARTBEAT_PROTOCOL_EXAMPLE"])),
]

BUS_BY_NAME = {name: data for name, _, data in BUS_FRAMES}

# The examples printed in PROTOCOL.md must be what this script builds from the layout.
assert BY_NAME["HEARTBEAT_PROTOCOL_EXAMPLE"] == bytes.fromhex(
    "10230001" "44205251052010314010201f" "00000107" "00000000" "00062aa06ea98000" "000f"
    "00015180" "00" "0000" "0000000000000000")
assert BUS_BY_NAME["BUS_POLL"] == bytes.fromhex("a505010000934a")
assert BUS_BY_NAME["BUS_NOTHING_UNIT_5"] == bytes.fromhex("a505810000a810")
assert BUS_BY_NAME["BUS_REPLY_PROTOCOL_EXAMPLE"] == (
    bytes.fromhex("a505800031") + BY_NAME["HEARTBEAT_PROTOCOL_EXAMPLE"] + bytes.fromhex("c34a"))
assert binascii.crc_hqx(b"123456789", 0xFFFF) == 0x29B1


def write(path, title, rows):
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"# {title}\n")
        out.write("# Generated by make_vectors.py (python3 make_vectors.py); do not edit by hand.\n")
        out.write("# One frame a line: <hex>  # <NAME>: <what it is>\n")
        for name, what, data in rows:
            out.write(f"{data.hex()}  # {name}: {what}\n")


if __name__ == "__main__":
    assert len(RESOURCE_CODE) == 23
    write(os.path.join(HERE, "frames.hex"),
          "Golden protocol frames: at least one of every message type; hub frames signed "
          "with the RFC 8032 test 1 key under key id 0x0102.", FRAMES)
    write(os.path.join(HERE, "bus-frames.hex"),
          "Golden RS-485 bus frames (SOF, address, control, length, message, CRC-16).",
          BUS_FRAMES)
