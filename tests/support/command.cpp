#include "support/command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/temp_dir.hpp"

extern char** environ;

namespace guildhall::testing {

namespace {

class SpawnActions {
 public:
  SpawnActions() { posix_spawn_file_actions_init(&actions_); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions_); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

class SpawnAttributes {
 public:
  SpawnAttributes() { posix_spawnattr_init(&attributes_); }
  ~SpawnAttributes() { posix_spawnattr_destroy(&attributes_); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  posix_spawnattr_t* get() { return &attributes_; }

 private:
  posix_spawnattr_t attributes_;
};

}  // namespace

pid_t spawn_process(const std::filesystem::path& program, const std::vector<std::string>& args,
                    const std::filesystem::path& stdout_file,
                    const std::filesystem::path& stderr_file,
                    const std::filesystem::path& working_dir) {
  SpawnActions actions;
  // No O_CLOEXEC: posix_spawn closes the target descriptor first, so the file opens as exactly
  // that descriptor and would be closed again by exec.
  constexpr int kFlags = O_WRONLY | O_CREAT | O_APPEND;
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, stdout_file.c_str(), kFlags, 0644);
  posix_spawn_file_actions_addopen(actions.get(), STDERR_FILENO, stderr_file.c_str(), kFlags, 0644);
  if (!working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(actions.get(), working_dir.c_str());
  }
  // The child starts with default signal dispositions and an empty mask whatever the test
  // process did with its own.
  SpawnAttributes attributes;
  sigset_t all;
  sigfillset(&all);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(attributes.get(), &all);
  posix_spawnattr_setsigmask(attributes.get(), &none);
  posix_spawnattr_setflags(attributes.get(), POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<std::string> owned;
  owned.reserve(args.size() + 1);
  owned.push_back(program.string());
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : owned) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);

  pid_t pid = 0;
  const int rc =
      posix_spawn(&pid, program.c_str(), actions.get(), attributes.get(), argv.data(), environ);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + program.string() + ": " + std::strerror(rc));
  }
  return pid;
}

std::optional<int> wait_for_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
      }
      if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
      }
      continue;
    }
    if (done < 0 && errno != EINTR) {
      throw std::runtime_error("waitpid failed: " + std::string(std::strerror(errno)));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

CommandResult run_command(const std::filesystem::path& program,
                          const std::vector<std::string>& args, std::chrono::milliseconds timeout,
                          const std::filesystem::path& working_dir) {
  const TempDir dir("guildhall-cmd");
  const auto out = dir.path() / "stdout";
  const auto err = dir.path() / "stderr";
  const pid_t pid = spawn_process(program, args, out, err, working_dir);
  CommandResult result;
  if (auto code = wait_for_exit(pid, timeout)) {
    result.exit_code = *code;
  } else {
    ::kill(pid, SIGKILL);
    wait_for_exit(pid, std::chrono::seconds(10));
  }
  result.out = read_text(out);
  result.err = read_text(err);
  return result;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace guildhall::testing
