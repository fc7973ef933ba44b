"""A stream encrypted with a passphrase, written and read in chunks (the backup file's format).

Format, version 1 (all integers big-endian):

    header   magic b"UNHEARD\\x01"      8 bytes
             salt                       16 bytes, random
             scrypt log2(N), r, p       1 byte each (N = 2**15, r = 8, p = 1 when written)
             chunk size                 4 bytes (plaintext bytes per chunk, 1 MiB when written)
             nonce prefix               7 bytes, random
             key check                  16 bytes: AES-GCM tag of nothing (counter 0xFFFFFFFF, flag 2)
    chunks   length of the ciphertext   4 bytes
             ciphertext                 AES-256-GCM of up to `chunk size` bytes, with its 16-byte tag

The key is scrypt(passphrase, salt). Chunk i is sealed with the nonce `prefix ‖ i ‖ flag`, where
flag is 1 for the last chunk and 0 otherwise, and with the header (without the key check) as
associated data. So a changed header, a changed, missing, reordered or repeated chunk, a file cut
short or data appended after the last chunk is found on reading, and the key check tells a wrong
passphrase apart from a damaged file before anything is decrypted. Memory use is one chunk,
whatever the size of the stream.
"""

from __future__ import annotations

import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"UNHEARD\x01"
HEADER = struct.Struct(">8s16sBBBI7s")
KEY_CHECK_BYTES = 16
LENGTH = struct.Struct(">I")
TAG_BYTES = 16
CHUNK_BYTES = 1024 * 1024
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1
# Bounds on what a header may ask for, so that a crafted file cannot exhaust memory.
MAX_SCRYPT_LOG2_N, MAX_SCRYPT_R, MAX_SCRYPT_P = 20, 16, 4
MAX_CHUNK_BYTES = 16 * 1024 * 1024
KEY_CHECK_COUNTER, KEY_CHECK_FLAG = 0xFFFFFFFF, 2


class WrongPassphrase(Exception):
    """The passphrase does not open this file (or its header is damaged)."""


class DamagedFile(Exception):
    """The file is not an Unheard backup, or it was changed or cut short."""


def derive_key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(passphrase.encode())


def nonce(prefix: bytes, counter: int, flag: int) -> bytes:
    return prefix + struct.pack(">IB", counter, flag)


class EncryptedWriter:
    """A write-only file object: what is written goes to `target` encrypted. Call `close()`."""

    def __init__(self, target: BinaryIO, passphrase: str, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.target = target
        self.chunk_bytes = chunk_bytes
        self.prefix = os.urandom(7)
        salt = os.urandom(16)
        self.header = HEADER.pack(
            MAGIC, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, chunk_bytes, self.prefix
        )
        self.cipher = AESGCM(derive_key(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P))
        key_check = self.cipher.encrypt(
            nonce(self.prefix, KEY_CHECK_COUNTER, KEY_CHECK_FLAG), b"", self.header
        )
        target.write(self.header + key_check)
        self.buffer = bytearray()
        self.counter = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self.buffer += data
        while len(self.buffer) > self.chunk_bytes:
            self._seal(bytes(self.buffer[: self.chunk_bytes]), last=False)
            del self.buffer[: self.chunk_bytes]
        return len(data)

    def close(self) -> None:
        """Seals what is left as the last chunk (possibly empty), which marks the end."""
        if not self.closed:
            self._seal(bytes(self.buffer), last=True)
            self.buffer.clear()
            self.closed = True

    def _seal(self, plaintext: bytes, *, last: bool) -> None:
        sealed = self.cipher.encrypt(
            nonce(self.prefix, self.counter, int(last)), plaintext, self.header
        )
        self.target.write(LENGTH.pack(len(sealed)) + sealed)
        self.counter += 1


class EncryptedReader:
    """A read-only file object over an encrypted stream; raises as soon as something is wrong."""

    def __init__(self, source: BinaryIO, passphrase: str) -> None:
        self.source = source
        self.header = self._read_exactly(HEADER.size, "the file is too short to be a backup")
        magic, salt, log2_n, r, p, self.chunk_bytes, self.prefix = HEADER.unpack(self.header)
        if magic != MAGIC:
            raise DamagedFile("This is not an Unheard backup file (or not of a known version).")
        if (
            log2_n > MAX_SCRYPT_LOG2_N
            or r > MAX_SCRYPT_R
            or p > MAX_SCRYPT_P
            or not 0 < self.chunk_bytes <= MAX_CHUNK_BYTES
        ):
            raise DamagedFile("The backup's header asks for impossible parameters.")
        key_check = self._read_exactly(KEY_CHECK_BYTES, "the file is too short to be a backup")
        self.cipher = AESGCM(derive_key(passphrase, salt, log2_n, r, p))
        try:
            self.cipher.decrypt(
                nonce(self.prefix, KEY_CHECK_COUNTER, KEY_CHECK_FLAG), key_check, self.header
            )
        except InvalidTag:
            raise WrongPassphrase(
                "The passphrase does not open this backup (or its header is damaged)."
            ) from None
        self.buffer = b""
        self.counter = 0
        self.ended = False

    def read(self, size: int = -1) -> bytes:
        while not self.ended and (size < 0 or len(self.buffer) < size):
            self.buffer += self._open_next_chunk()
        if size < 0:
            size = len(self.buffer)
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def verify(self) -> int:
        """Reads the stream to its end, keeping nothing; returns the number of plaintext bytes."""
        total = 0
        while not self.ended:
            total += len(self._open_next_chunk())
        return total

    def _open_next_chunk(self) -> bytes:
        (length,) = LENGTH.unpack(self._read_exactly(LENGTH.size, "the file is cut short"))
        if not TAG_BYTES <= length <= self.chunk_bytes + TAG_BYTES:
            raise DamagedFile(f"The backup is damaged (chunk {self.counter} has a bad length).")
        sealed = self._read_exactly(length, "the file is cut short")
        for flag in (0, 1):
            try:
                plaintext = self.cipher.decrypt(
                    nonce(self.prefix, self.counter, flag), sealed, self.header
                )
            except InvalidTag:
                continue
            self.counter += 1
            if flag == 1:
                self.ended = True
                if self.source.read(1):
                    raise DamagedFile("The backup is damaged (data after its last chunk).")
            return plaintext
        raise DamagedFile(f"The backup is damaged (chunk {self.counter} does not decrypt).")

    def _read_exactly(self, size: int, problem: str) -> bytes:
        data = self.source.read(size)
        if len(data) != size:
            raise DamagedFile(f"The backup is damaged ({problem}).")
        return data
