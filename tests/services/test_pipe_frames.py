"""Messages through a real pipe, as the import's reading child sends its batches."""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest

from annotator.services import pipe_frames


def test_messages_of_every_size_arrive_whole_and_in_order() -> None:
    receiving, sending = multiprocessing.Pipe(duplex=False)
    # Empty, tiny, larger than a pipe's buffer, and larger than the receiver's first buffer.
    messages = [b"", b"x", os.urandom(200_000), os.urandom(3_000_000), b"last"]

    def send_all() -> None:
        for message in messages:
            pipe_frames.send(sending, message)
        sending.close()

    writer = threading.Thread(target=send_all)
    writer.start()
    frames = pipe_frames.Receiver(receiving)
    received = [bytes(frames.receive()) for _ in messages]
    writer.join()
    assert received == messages
    with pytest.raises(EOFError):
        frames.receive()  # the sender closed between messages
    receiving.close()


@pytest.mark.skipif(not pipe_frames.RAW, reason="messages are the Connection's own here")
def test_a_message_cut_short_is_an_end_of_file() -> None:
    receiving, sending = multiprocessing.Pipe(duplex=False)
    os.write(sending.fileno(), (1000).to_bytes(8, "big") + b"only part of it")
    sending.close()
    with pytest.raises(EOFError):
        pipe_frames.Receiver(receiving).receive()
    receiving.close()
