"""Without Redis, the workers of one host share the annotation cache (on disk, under
var/): a repeated request is a hit whichever worker answers it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor


def test_repeats_hit_whichever_worker_answers(serve):
    server = serve(workers=2)
    texts = [f"The mayor of Town{k} said the bridge would reopen on Friday." for k in range(6)]
    assert [server.annotate({"text": t}).json()["cached"] for t in texts] == [False] * 6
    # Two clients at once keep both workers busy, so each answers some of the repeats; with
    # a cache per worker about half of them would be misses.
    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(lambda t: server.annotate({"text": t}), texts * 4))
    assert [r.status for r in replies] == [200] * 24
    assert all(r.json()["cached"] for r in replies)
    health = server.health().json()
    assert health["cache"]["backend"] == "disk" and health["limits"]["rate"] is None
    assert len(server.worker_pids()) == 2
