# A fixed CPU-bound Python workload for bench/real.py: object allocation, dicts,
# string building, sorting, closures and json, the mix a build script exercises.
import json


def primes(n):
    sieve = bytearray([1]) * (n + 1)
    sieve[0:2] = b"\0\0"
    for i in range(2, int(n ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i :: i] = bytes(len(range(i * i, n + 1, i)))
    return [i for i, p in enumerate(sieve) if p]


def word_counts(rounds):
    counts = {}
    for r in range(rounds):
        for w in ("alpha beta gamma delta %d epsilon %d" % (r % 97, r % 13)).split():
            counts[w] = counts.get(w, 0) + 1
    return counts


class Node:
    __slots__ = ("key", "left", "right")

    def __init__(self, key):
        self.key, self.left, self.right = key, None, None


def tree_depth(keys):
    root = None
    for k in keys:
        if root is None:
            root = Node(k)
            continue
        n = root
        while True:
            side = "left" if k < n.key else "right"
            nxt = getattr(n, side)
            if nxt is None:
                setattr(n, side, Node(k))
                break
            n = nxt

    def depth(n):
        return 0 if n is None else 1 + max(depth(n.left), depth(n.right))

    return depth(root)


ps = primes(300000)
counts = word_counts(60000)
keys = [(i * 7919) % 20011 for i in range(20000)]
doc = json.dumps({"primes": ps[-50:], "counts": sorted(counts.items())})
print(len(ps), sum(ps) % 1000003, len(counts), tree_depth(keys), len(json.loads(doc)["counts"]))
