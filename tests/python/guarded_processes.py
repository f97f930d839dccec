"""Multiprocessing programs, run only in a subprocess by test_guard_processes.py:

    python3 guarded_processes.py GUARD PAYLOAD SPEC...

GUARD: "none" (as the program is), "install" (sentinel.guard.install() first
thing), or "run" (the caller starts it under python -m sentinel.guard run).
SPEC: PROGRAM:ARG, a benign multiprocessing program (ARG: the start method or
backend), or worker-*:ARG, whose worker loads the PAYLOAD file's bytes with
pickle.loads. Prints one JSON line per SPEC: {"spec", "installed", "outcome":
ok|refused|loaded|error, "value", "workers_guarded", "detail"}. The workers'
functions live at module level so that spawn and forkserver children find
them in __mp_main__."""

import json
import pickle
import sys


def square(x):
    return x * x


def load_in_worker(data):
    """What a worker does with a model file's bytes: the load must be guarded there too."""
    return pickle.loads(data)


def worker_guarded(_):
    import sentinel

    return sentinel.guard.installed()


def pool_map(method):
    import multiprocessing

    with multiprocessing.get_context(method).Pool(2) as pool:
        return pool.map(square, range(10)), pool.map(worker_guarded, range(2))


def executor(method):
    import concurrent.futures
    import multiprocessing

    with concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context(method)) as ex:
        return list(ex.map(square, range(10))), list(ex.map(worker_guarded, range(2)))


def manager(method):
    import multiprocessing

    with multiprocessing.get_context(method).Manager() as m:
        shared = m.dict()
        items = m.list([1, 2])
        shared["a"] = {"nested": [1, 2.5, "x"]}
        items.append(square(3))
        return [dict(shared), list(items)], None


def dataloader(method):
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    dataset = TensorDataset(torch.arange(20, dtype=torch.float32).reshape(10, 2), torch.arange(10))
    loader = DataLoader(dataset, batch_size=3, num_workers=2, multiprocessing_context=method)
    return [[x.tolist(), y.tolist()] for x, y in loader], None


def joblib_parallel(backend):
    from joblib import Parallel, delayed

    offset = 7
    with Parallel(n_jobs=2, backend=backend) as parallel:
        squares = parallel(delayed(square)(i) for i in range(10))
        # a closure: cloudpickled by loky, by value
        shifted = parallel(delayed(lambda i: i + offset)(i) for i in range(4)) if backend == "loky" else None
        return [squares, shifted], parallel(delayed(worker_guarded)(i) for i in range(2))


def sklearn_jobs(_):
    from sklearn.datasets import make_classification
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    X, y = make_classification(n_samples=120, n_features=6, random_state=0)
    forest = RandomForestClassifier(n_estimators=8, n_jobs=2, random_state=0).fit(X, y)
    scores = cross_val_score(LogisticRegression(), X, y, cv=3, n_jobs=2)  # loky worker processes
    return [forest.predict(X).tolist(), [round(float(s), 6) for s in scores]], None


def worker_pool(path, method):
    import multiprocessing

    with multiprocessing.get_context(method).Pool(1) as pool:
        return pool.apply(load_in_worker, (open(path, "rb").read(),))


def worker_executor(path, method):
    import concurrent.futures
    import multiprocessing

    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method)) as ex:
        return ex.submit(load_in_worker, open(path, "rb").read()).result(timeout=120)


def worker_joblib(path, backend):
    from joblib import Parallel, delayed

    return Parallel(n_jobs=2, backend=backend)(delayed(load_in_worker)(open(path, "rb").read()) for _ in range(2))


def worker_process(path, method):
    """A bare Process whose target loads and reports through a queue."""
    import multiprocessing

    ctx = multiprocessing.get_context(method)
    queue = ctx.Queue()
    process = ctx.Process(target=_load_and_report, args=(open(path, "rb").read(), queue))
    process.start()
    outcome = queue.get(timeout=120)
    process.join(60)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _load_and_report(data, queue):
    try:
        queue.put(load_in_worker(data))
    except Exception as e:  # noqa: BLE001 - the parent re-raises it
        queue.put(e)


PROGRAMS = {"pool": pool_map, "executor": executor, "manager": manager, "dataloader": dataloader,
            "joblib": joblib_parallel, "sklearn": sklearn_jobs}
WORKERS = {"worker-pool": worker_pool, "worker-executor": worker_executor, "worker-joblib": worker_joblib,
           "worker-process": worker_process}


def main():
    guard, payload, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
    import sentinel

    if guard == "install":
        sentinel.guard.install()
    for spec in specs:
        program, _, arg = spec.partition(":")
        out = {"spec": spec, "installed": sentinel.guard.installed()}
        try:
            if program in PROGRAMS:
                value = PROGRAMS[program](arg)
                out.update(outcome="ok", value=value[0], workers_guarded=value[1])
            else:
                out.update(outcome="loaded", value=repr(WORKERS[program](payload, arg)))
        except Exception as e:  # noqa: BLE001 - every outcome is reported to the parent
            out["outcome"] = "refused" if isinstance(e, sentinel.UnsafeFileError) else "error"
            out["detail"] = f"{type(e).__module__}.{type(e).__name__}: {e}"
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
