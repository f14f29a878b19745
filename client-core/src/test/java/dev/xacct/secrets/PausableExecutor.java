package dev.xacct.secrets;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks at once on the calling thread, unless paused: then it queues them until {@link #runQueued()}. Lets a
 * test see what a reader gets while a background refresh has not run yet.
 */
final class PausableExecutor implements Executor {

    private final Queue<Runnable> queued = new ArrayDeque<>();
    private boolean paused;

    @Override
    public synchronized void execute(Runnable task) {
        if (paused) {
            queued.add(task);
            return;
        }
        task.run();
    }

    synchronized void pause() {
        paused = true;
    }

    /** Runs what was queued, and stops queueing. */
    void runQueued() {
        Queue<Runnable> tasks;
        synchronized (this) {
            paused = false;
            tasks = new ArrayDeque<>(queued);
            queued.clear();
        }
        tasks.forEach(Runnable::run);
    }

    synchronized int queuedTasks() {
        return queued.size();
    }
}
