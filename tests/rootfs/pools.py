# Python's thread and process pools for tests/rootfs/trixie-test.sh: a
# concurrent.futures ThreadPoolExecutor, and multiprocessing Pools started by fork,
# spawn and forkserver (new threads, forks, execs and a server process). The output
# depends only on the results, so it must equal the host's python3's.
import concurrent.futures
import multiprocessing
import os
import threading


def square(x):
    return x * x


def pid(_):
    return os.getpid()


if __name__ == "__main__":
    names = set()

    def job(x):
        names.add(threading.current_thread().name)
        return square(x)

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
        print("thread pool:", sum(ex.map(job, range(200))), "in worker threads:", threading.main_thread().name not in names)
    for method in ("fork", "spawn", "forkserver"):
        with multiprocessing.get_context(method).Pool(3) as pool:
            squares = pool.map(square, range(100))
            pids = set(pool.map(pid, range(40)))
        print(f"{method} pool:", sum(squares), "in other processes:", os.getpid() not in pids)
