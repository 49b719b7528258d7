# read-archive.R — the evaluation archive as R reads it (read.csv): every CSV file of
# the archive, every column looked up in data-dictionary.csv. Prints "PATH ROWS" per CSV
# file, sorted, as read-archive.py does; stops naming what is wrong.
#
# SPDX-License-Identifier: GPL-3.0-or-later
args <- commandArgs(trailingOnly = TRUE)
dir <- tempfile("archive")
unzip(args[1], exdir = dir)
folder <- list.files(dir)
if (length(folder) != 1) stop("files outside one folder")
root <- file.path(dir, folder)
read <- function(path) {
  read.csv(file.path(root, path), fileEncoding = "UTF-8", check.names = FALSE,
           colClasses = "character", na.strings = character(0))
}
dictionary <- read("data-dictionary.csv")
documented <- paste(dictionary$file, dictionary$column)
files <- sort(list.files(root, pattern = "\\.csv$", recursive = TRUE))
for (path in files) {
  table <- read(path)
  missing <- setdiff(paste(path, names(table)), documented)
  if (length(missing) > 0) stop(paste("not in data-dictionary.csv:", missing))
  cat(sprintf("%s %d\n", path, nrow(table)))
}
unlink(dir, recursive = TRUE)
