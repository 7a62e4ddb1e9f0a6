"""Send one prebuilt message N times over one SMTP connection, as fast as smtplib can.

    python -m bench.sink_check --port 2525 --count 2000 --message message.eml

Two of these against a sink measure what the sink itself can accept (bench/run.py).
"""

import argparse
import smtplib

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--message", required=True, help="file with the message as bytes, CRLF line ends")
    args = parser.parse_args()
    with open(args.message, "rb") as f:
        message = f.read()
    with smtplib.SMTP("127.0.0.1", args.port) as smtp:
        for _ in range(args.count):
            smtp.sendmail("courses@localhost", ["learner@bench.example.com"], message)
