"""run.py: runs every test_* function of tests/e2e/test_*.py in file
order and prints TAP. A test passes by returning; an AssertionError or any
exception fails it with the message."""
import importlib.util
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def main():
    n = failed = 0
    only = sys.argv[1:]
    for name in sorted(os.listdir(HERE)):
        if not (name.startswith("test_") and name.endswith(".py")):
            continue
        if only and not any(o in name for o in only):
            continue
        spec = importlib.util.spec_from_file_location(name[:-3], os.path.join(HERE, name))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        tests = [(k, v) for k, v in vars(mod).items() if k.startswith("test_") and callable(v)]
        tests.sort(key=lambda kv: kv[1].__code__.co_firstlineno)
        for tname, fn in tests:
            n += 1
            label = "%s: %s" % (name[5:-3], (fn.__doc__ or tname).strip().splitlines()[0])
            try:
                fn()
                print("ok %d - %s" % (n, label), flush=True)
            except Exception as e:  # noqa: BLE001 - every failure is reported
                failed += 1
                print("not ok %d - %s" % (n, label), flush=True)
                for line in (str(e) or type(e).__name__).splitlines()[:60]:
                    print("#   " + line)
                if not isinstance(e, AssertionError):
                    for line in traceback.format_exc().splitlines()[-6:]:
                        print("#   " + line)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
