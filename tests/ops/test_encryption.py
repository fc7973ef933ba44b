"""The encrypted stream of backup files: what was written reads back, anything changed is refused."""

import io
import os

import pytest

from unheard.ops.encryption import (
    HEADER,
    KEY_CHECK_BYTES,
    DamagedFile,
    EncryptedReader,
    EncryptedWriter,
    WrongPassphrase,
)

PASSPHRASE = "a long enough passphrase"
CHUNK = 1000
FIRST_CHUNK = HEADER.size + KEY_CHECK_BYTES


def sealed(data: bytes, passphrase: str = PASSPHRASE) -> bytes:
    target = io.BytesIO()
    writer = EncryptedWriter(target, passphrase, chunk_bytes=CHUNK)
    for start in range(0, len(data), 777):  # writes that straddle chunks
        writer.write(data[start : start + 777])
    writer.close()
    return target.getvalue()


def opened(file: bytes, passphrase: str = PASSPHRASE) -> bytes:
    return EncryptedReader(io.BytesIO(file), passphrase).read()


@pytest.mark.parametrize("size", [0, 1, CHUNK, CHUNK + 1, 5 * CHUNK + 17])
def test_what_was_written_reads_back(size):
    data = os.urandom(size)
    file = sealed(data)
    assert opened(file) == data
    assert data[:50] not in file or size < 16  # a few random bytes may occur anywhere
    assert EncryptedReader(io.BytesIO(file), PASSPHRASE).verify() == size


def test_reading_in_small_pieces_gives_the_same_bytes():
    data = os.urandom(3 * CHUNK + 5)
    reader = EncryptedReader(io.BytesIO(sealed(data)), PASSPHRASE)
    pieces = []
    while piece := reader.read(333):
        pieces.append(piece)
    assert b"".join(pieces) == data


def test_a_wrong_passphrase_is_told_apart_from_damage():
    with pytest.raises(WrongPassphrase):
        opened(sealed(b"secret"), "another passphrase entirely")


def test_a_changed_byte_anywhere_after_the_header_is_found():
    file = bytearray(sealed(os.urandom(3 * CHUNK)))
    for position in (FIRST_CHUNK + 2, FIRST_CHUNK + 40, len(file) // 2, len(file) - 1):
        damaged = bytearray(file)
        damaged[position] ^= 0x01
        with pytest.raises(DamagedFile):
            opened(bytes(damaged))


def test_a_changed_header_is_refused():
    file = bytearray(sealed(b"secret"))
    file[20] ^= 0x01  # inside the salt
    with pytest.raises(WrongPassphrase):
        opened(bytes(file))
    file = bytearray(sealed(b"secret"))
    file[0] ^= 0x01  # the magic
    with pytest.raises(DamagedFile, match="not an Unheard backup"):
        opened(bytes(file))


def test_a_file_cut_short_is_refused_even_at_a_chunk_boundary():
    file = sealed(os.urandom(3 * CHUNK + 10))
    chunk_on_disk = 4 + CHUNK + 16
    for length in (len(file) - 1, FIRST_CHUNK + chunk_on_disk, FIRST_CHUNK + 3 * chunk_on_disk):
        with pytest.raises(DamagedFile):
            opened(file[:length])


def test_chunks_swapped_or_data_appended_are_refused():
    file = sealed(os.urandom(3 * CHUNK))
    chunk_on_disk = 4 + CHUNK + 16
    first = file[FIRST_CHUNK : FIRST_CHUNK + chunk_on_disk]
    second = file[FIRST_CHUNK + chunk_on_disk : FIRST_CHUNK + 2 * chunk_on_disk]
    swapped = file[:FIRST_CHUNK] + second + first + file[FIRST_CHUNK + 2 * chunk_on_disk :]
    with pytest.raises(DamagedFile):
        opened(swapped)
    with pytest.raises(DamagedFile, match="after its last chunk"):
        opened(file + b"\x00")
