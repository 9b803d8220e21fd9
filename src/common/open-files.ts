/**
 * How many log files one process keeps open at once, reading (check/run-logs.ts) or writing
 * (csv-log.ts). Many systems allow 1 024 open files per process by default; a run of 10 000
 * machines writes or reads 10 000 logs, and a TCP replay reads and writes at the same time. Above
 * this many files, each is opened for one read or one write and closed again, which costs two
 * system calls per chunk: noise next to formatting or parsing the chunk's rows.
 */
export const heldOpenFilesMax = 256;
