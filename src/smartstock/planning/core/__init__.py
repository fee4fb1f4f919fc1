"""Planning's pure core: replenishment policy math (`policy`) and the policy simulator that replays
past demand (`simulate`). Arrays and frames in, frames out; no database, no web, no files."""
