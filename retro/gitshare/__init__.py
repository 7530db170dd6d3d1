"""A team store that travels in git: a merge by document id (`merge`, pure), the merge driver
and the clone's set-up (`setup`), and `retro sync` (`sync`). Outside the store's core: git is
one way to carry the store's files, not part of how they are read and written."""
