#include "app/periodic_task.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace guildhall::app {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, std::function<void()> task)
    : interval_(interval), task_(std::move(task)), thread_([this] { run(); }) {}

PeriodicTask::~PeriodicTask() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodicTask::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      task_();
    } catch (const std::exception& e) {
      spdlog::warn("periodic task failed, trying again next time: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace guildhall::app
