// The search page: written in the next commit.
