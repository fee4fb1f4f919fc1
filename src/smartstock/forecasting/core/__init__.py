"""The forecasting engine's pure core: frames in, frames out; no database, no web, no files.

Every function works on a long frame of one row per series per day. Inside the core the columns
are Nixtla's `unique_id`, `ds`, `y`; `frames.standardise` renames the caller's columns on the way in
and `frames.restore` on the way out, so column names stay parameters at the edge.
"""
