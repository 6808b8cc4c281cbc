// Running the programs under test: a child process whose output goes to files (so a chatty
// child never blocks on a full pipe), a bounded wait for its exit, and a one-call runner for
// CLI commands.
//
//   auto r = guildhall::testing::run_command(GUILDHALL_BIN, {"migrate", "--db", url});
//   EXPECT_EQ(r.exit_code, 0) << r.err;
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace guildhall::testing {

// Starts `program args...` with stdout and stderr appended to the given files, in
// `working_dir` when it is not empty. Throws std::runtime_error when the process cannot start.
pid_t spawn_process(const std::filesystem::path& program, const std::vector<std::string>& args,
                    const std::filesystem::path& stdout_file,
                    const std::filesystem::path& stderr_file,
                    const std::filesystem::path& working_dir = {});

// Waits at most `timeout` for the child to end and reaps it. Returns its exit code, 128 + the
// signal number when a signal ended it, or nullopt while it still runs.
std::optional<int> wait_for_exit(pid_t pid, std::chrono::milliseconds timeout);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a command to completion. A command still running after `timeout` is killed and
// reported with exit code -1.
CommandResult run_command(const std::filesystem::path& program,
                          const std::vector<std::string>& args,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60),
                          const std::filesystem::path& working_dir = {});

// The whole content of a file, or "" when it cannot be read.
std::string read_text(const std::filesystem::path& file);

}  // namespace guildhall::testing
