// The real `guildhall serve` in a child process. The constructor returns once the server has
// printed its ready line ("guildhall: listening on http://HOST:PORT ..."), so a test can use
// port() at once; start it with --listen 127.0.0.1:0 and the OS picks a free port. The
// destructor kills a server the test left running.
//
//   ServerProcess server(GUILDHALL_BIN, {"serve", "--config", cfg, "--listen", "127.0.0.1:0"},
//                        dir.path());
//   HttpClient client("127.0.0.1", server.port());
//   server.send_signal(SIGTERM);
//   EXPECT_EQ(server.wait_exit(std::chrono::seconds(5)), 0);
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace guildhall::testing {

class ServerProcess {
 public:
  // Output goes to log_dir/server.out and log_dir/server.err. Throws std::runtime_error (with
  // the server's output) when it exits or stays silent for `ready_timeout` before it is ready.
  ServerProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                const std::filesystem::path& log_dir,
                std::chrono::milliseconds ready_timeout = std::chrono::seconds(20));
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  void send_signal(int signal_number) const;

  // The exit code (128 + signal when a signal ended it), or nullopt if it still runs after
  // `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

  // What the server printed so far on stdout and stderr, for failure messages.
  std::string output() const;

 private:
  std::filesystem::path out_file_;
  std::filesystem::path err_file_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::uint16_t port_ = 0;
};

}  // namespace guildhall::testing
