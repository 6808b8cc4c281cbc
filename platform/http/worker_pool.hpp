// The threads that run handlers which may block (database, disk, plugins), so that Pistache's
// I/O threads only parse and write. The queue is bounded: when it is full the caller answers
// 503 at once instead of letting latency grow without limit.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace guildhall::http {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is stopping; the task is then not run.
  bool try_submit(std::function<void()> task);

  // Runs every queued task, then joins the threads. Idempotent.
  void stop();

  std::size_t threads() const { return threads_.size(); }
  std::size_t busy() const;
  std::size_t queued() const;

 private:
  void run();

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::size_t max_queued_;
  std::size_t busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace guildhall::http
