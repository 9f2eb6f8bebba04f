#!/usr/bin/python3
"""Python's own repr of floats, for PythonScalarsTest (module reprs print floats as Python does).

    /usr/bin/python3 parity-tests/python_float_repr.py > src/test/resources/python_float_repr.txt

Each line: the float's exact hex (float.hex()) and Python's repr of it: hand-picked edge values
(1e23, whose shortest digits Java 17's Double.toString gets wrong; a value where rounding the
shortest form half-up gives the wrong last digit), then random bit patterns and magnitudes.
"""
import random
import struct

random.seed(3)
vals = [0.1, 1e-5, 1e16, 1e15, 0.0001, 1.5e-7, 20.0, 1e23, 8.2918405148129915E18, -0.0, 5e-324,
        1.7976931348623157e308, 1 / 3, 123456789012345678.0, 9.999999999999999e22]
for _ in range(300):
    vals.append(struct.unpack('<d', struct.pack('<Q', random.getrandbits(64)))[0])
    vals.append(random.random() * 10 ** random.randint(-30, 30))
vals = [v for v in vals if v == v and abs(v) != float('inf')]
print('\n'.join(f'{v.hex()} {repr(v)}' for v in vals))
