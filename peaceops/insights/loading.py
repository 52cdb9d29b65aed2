"""Load the public reference data (the missions catalogue and the UN datasets) with progress bars.

Used by `peaceops demo`; `peaceops missions load` and `peaceops insights load` do each half alone."""

from tqdm import tqdm


def load_public_data(actor, *, quiet: bool = False) -> dict:
    from peaceops.missions.services import missions_load

    from .services import datasets_load

    bar = tqdm(total=0, unit="rows", disable=quiet, desc="missions", leave=False)

    def mission_progress(done, total):
        bar.total, bar.n = total, done
        bar.refresh()

    missions = missions_load(actor=actor, progress=mission_progress)
    bar.close()
    bar = tqdm(total=None, unit="records", disable=quiet, desc="UN datasets", leave=False)

    def dataset_progress(key, n):
        bar.set_postfix_str(key)
        bar.update(n)

    datasets = datasets_load(actor=actor, progress=dataset_progress)
    bar.close()
    return {"missions": missions, "datasets": datasets}
