"""Records what the terminal this runs in answers to dhscope's graphics queries (the same
batch as Terminal/Graphics/GraphicsQuery.swift: kitty a=q, XTVERSION, CSI 16 t,
XTSMGRAPHICS colour registers and geometry, then DA1), as a JSON fixture for the parser
tests. Reads for `--wait` seconds after the DA1 answer so late answers are caught too.
Usage (inside the terminal): record_answers.py OUT.json NAME [--tmux]"""
import json
import os
import select
import sys
import termios
import time

out, name = sys.argv[1], sys.argv[2]
tmux = "--tmux" in sys.argv
kitty = b"\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"
if tmux:
    kitty = b"\x1bPtmux;" + kitty.replace(b"\x1b", b"\x1b\x1b") + b"\x1b\\"
batch = b"\x1b[>0q\x1b[16t\x1b[?1;1;0S\x1b[?2;1;0S" + kitty + b"\x1b[c"
fd = os.open("/dev/tty", os.O_RDWR)
saved = termios.tcgetattr(fd)
raw = termios.tcgetattr(fd)
raw[3] &= ~(termios.ICANON | termios.ECHO)
termios.tcsetattr(fd, termios.TCSANOW, raw)
try:
    os.write(fd, batch)
    got = b""
    deadline = time.time() + 2.0
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], max(0, deadline - time.time()))
        if not r:
            break
        got += os.read(fd, 4096)
        if b"c" in got.split(b"\x1b[?")[-1] and deadline - time.time() > 0.5:
            deadline = time.time() + 0.5
finally:
    termios.tcsetattr(fd, termios.TCSANOW, saved)
    os.close(fd)
with open(out, "w") as f:
    json.dump({"terminal": name, "source": "recorded by Tools/terminals/record_answers.py", "batch": batch.decode("latin-1"),
               "answer": got.decode("latin-1")}, f, indent=1)
    f.write("\n")
