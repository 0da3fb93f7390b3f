package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Queue;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Seed 002, asyncq.py: producers and consumers around a queue, with {@code -p} and {@code -c}. */
public final class AsyncQueue implements Example {
  private final int nprod;
  private final int ncon;
  private final Random random = new Random(444);

  /** The seed's sample run: {@code asyncq.py -p 2 -c 5}. */
  public AsyncQueue() {
    this(2, 5);
  }

  /**
   * A run with {@code nprod} producers and {@code ncon} consumers.
   *
   * @param nprod producers, at least 0
   * @param ncon consumers, at least 1
   */
  public AsyncQueue(int nprod, int ncon) {
    if (nprod < 0) {
      throw new IllegalArgumentException("-p (producers) must be 0 or more, not " + nprod);
    }
    if (ncon < 1) {
      throw new IllegalArgumentException("-c (consumers) must be 1 or more, not " + ncon);
    }
    this.nprod = nprod;
    this.ncon = ncon;
  }

  @Override
  public Example withArgs(List<String> args) {
    int p = nprod;
    int c = ncon;
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("asyncq: " + flag + " needs a number");
      }
      int value;
      try {
        value = Integer.parseInt(args.get(++i));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("asyncq: " + flag + " needs a number, not '" + args.get(i) + "'");
      }
      switch (flag) {
        case "-p", "--nprod" -> p = value;
        case "-c", "--ncon" -> c = value;
        default -> throw new IllegalArgumentException("asyncq takes -p N and -c N, not '" + flag + "'");
      }
    }
    return new AsyncQueue(p, c);
  }

  @Override
  public String name() {
    return "asyncq";
  }

  @Override
  public String title() {
    return "seed 002 asyncq.py: producers and consumers around a Queue (-p 2 -c 5)";
  }

  @Override
  public String lesson() {
    return "Producers and consumers never talk to each other, only to the queue. main waits for"
        + " the producers, then queue.join() until every item was taken and marked done, then"
        + " cancels the consumers, which would otherwise wait forever. Runs on a virtual clock even"
        + " in the tour; try ./jasyncio tour asyncq -p 5 -c 100.";
  }

  @Override
  public boolean virtualInTour() {
    return true;
  }

  /** An item and the loop time it was put. */
  record Item(String value, double putAt) {}

  private String makeItem() {
    byte[] bytes = new byte[5];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private void randSleep(PrintStream out, String caller) {
    int i = random.nextInt(11);
    out.printf("%s sleeping for %d seconds.%n", caller, i);
    Async.sleep(i);
  }

  private void produce(PrintStream out, int name, Queue<Item> q) {
    int n = random.nextInt(11);
    for (int k = 0; k < n; k++) {
      randSleep(out, "Producer " + name);
      String i = makeItem();
      q.put(new Item(i, Async.currentLoop().time()));
      out.printf("Producer %d added <%s> to queue.%n", name, i);
    }
  }

  private void consume(PrintStream out, int name, Queue<Item> q) {
    while (true) {
      randSleep(out, "Consumer " + name);
      Item item = q.get();
      double waited = Async.currentLoop().time() - item.putAt();
      out.println(String.format(Locale.ROOT, "Consumer %d got element <%s> in %.5f seconds.",
          name, item.value(), waited));
      q.taskDone();
    }
  }

  @Override
  public void run(PrintStream out) {
    double start = Async.currentLoop().time();
    Queue<Item> q = new Queue<>();
    List<Task<Void>> producers = new ArrayList<>();
    for (int n = 0; n < nprod; n++) {
      int name = n;
      producers.add(Async.createTask(() -> produce(out, name, q)));
    }
    List<Task<Void>> consumers = new ArrayList<>();
    for (int n = 0; n < ncon; n++) {
      int name = n;
      consumers.add(Async.createTask(() -> consume(out, name, q)));
    }
    Async.gather(producers);
    q.join(); // every item was taken and marked done
    for (Task<Void> c : consumers) {
      c.cancel();
    }
    out.println(String.format(Locale.ROOT, "Program completed in %.5f seconds.",
        Async.currentLoop().time() - start));
  }
}
