package dev.jasyncio.bench.peers;

import static dev.jasyncio.bench.TcpWorkloads.CONNS_CONNECTING;
import static dev.jasyncio.bench.TcpWorkloads.CONNS_ROUND_TRIPS;
import static dev.jasyncio.bench.TcpWorkloads.CONNS_SIZE;
import static dev.jasyncio.bench.TcpWorkloads.ECHO_CONNECTIONS;
import static dev.jasyncio.bench.TcpWorkloads.ECHO_SIZE;
import static dev.jasyncio.bench.TcpWorkloads.STREAM_SIZE;

import dev.jasyncio.bench.Bodies;
import dev.jasyncio.bench.Peer;
import dev.jasyncio.bench.TcpWorkloads;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The TCP workloads in Netty, the JVM's reference for event-loop networking: the NIO transport on
 * one event loop (one thread) that runs the server and every client, as one jasyncio loop does.
 * The handlers are Netty's idiom: the echo server writes back each read and flushes once per read
 * burst; the clients count bytes and write the next request when a response is in; the stream
 * writer writes while the channel is writable and resumes when it becomes so again.
 */
public final class NettyPeer implements Peer {
  private static final String HOST = "127.0.0.1";

  /** The peer. */
  public NettyPeer() {}

  @Override
  public Bodies workloads() {
    return new Bodies()
        .on(TcpWorkloads.TCP_ECHO, NettyPeer::echo)
        .on(TcpWorkloads.TCP_ECHO_CONNS, NettyPeer::echoConns)
        .on(TcpWorkloads.TCP_STREAM, NettyPeer::stream);
  }

  /** Writes back whatever it reads; tracks its connections so a run closes them all. */
  @ChannelHandler.Sharable
  private static final class EchoServer extends ChannelInboundHandlerAdapter {
    final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      connections.add(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }

  /** Sends a request of {@code size} bytes, waits for all of its echo, {@code count} times. */
  private static class EchoClient extends ChannelInboundHandlerAdapter {
    private final int size;
    private final int count;
    private final Runnable onDone;
    private int pending;
    private int sent;

    EchoClient(int size, int count, Runnable onDone) {
      this.size = size;
      this.count = count;
      this.onDone = onDone;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      send(ctx);
    }

    private void send(ChannelHandlerContext ctx) {
      sent++;
      pending = size;
      ctx.writeAndFlush(ctx.alloc().buffer(size).writeZero(size));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      pending -= ((ByteBuf) msg).readableBytes();
      ReferenceCountUtil.release(msg);
      if (pending == 0) {
        if (sent < count) {
          send(ctx);
        } else {
          onDone.run();
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
      throw new IllegalStateException(cause);
    }
  }

  /** Runs a body with a fresh one-thread NIO event loop, shut down after. */
  private static long withLoop(LoopBody body) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      return body.run(group);
    } finally {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }

  private interface LoopBody {
    long run(EventLoopGroup group) throws Exception;
  }

  private static Channel startServer(EventLoopGroup group, ChannelHandler handler) throws Exception {
    return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(handler)
        .bind(HOST, 0).sync().channel();
  }

  private static Bootstrap client(EventLoopGroup group, Supplier<ChannelHandler> handler) {
    return new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new io.netty.channel.ChannelInitializer<NioSocketChannel>() {
          @Override
          protected void initChannel(NioSocketChannel ch) {
            ch.pipeline().addLast(handler.get());
          }
        });
  }

  /** The server's resolved address: clients skip Netty's resolver as the other peers skip DNS. */
  private static InetSocketAddress address(Channel server) {
    return (InetSocketAddress) server.localAddress();
  }

  static long echo(int n) throws Exception {
    return withLoop(group -> {
      EchoServer echo = new EchoServer();
      Channel server = startServer(group, echo);
      int each = n / ECHO_CONNECTIONS;
      CompletableFuture<Void> all = new CompletableFuture<>();
      int[] done = {0};
      List<Channel> clients = new ArrayList<>();
      Bootstrap b = client(group, () -> new EchoClient(ECHO_SIZE, each, () -> {
        if (++done[0] == ECHO_CONNECTIONS) {
          all.complete(null);
        }
      }));
      for (int i = 0; i < ECHO_CONNECTIONS; i++) {
        clients.add(b.connect(address(server)).sync().channel());
      }
      all.get();
      for (Channel c : clients) {
        c.close().sync();
      }
      echo.connections.close().sync();
      server.close().sync();
      return (long) each * ECHO_CONNECTIONS;
    });
  }

  static long echoConns(int n) throws Exception {
    return withLoop(group -> {
      EchoServer echo = new EchoServer();
      Channel server = startServer(group, echo);
      CompletableFuture<Void> all = new CompletableFuture<>();
      List<Channel> clients = new ArrayList<>(n);
      int[] state = {0, 0}; // connections started, connections done (touched on the loop only)
      Bootstrap b = client(group, () -> new EchoClient(CONNS_SIZE, CONNS_ROUND_TRIPS, () -> {
        if (++state[1] == n) {
          all.complete(null);
        }
      }));
      // at most CONNS_CONNECTING connecting at a time: each finished connect starts the next
      Runnable[] next = new Runnable[1];
      next[0] = () -> {
        if (state[0] < n) {
          state[0]++;
          ChannelFuture f = b.connect(address(server));
          clients.add(f.channel());
          f.addListener(done -> {
            if (!done.isSuccess()) {
              all.completeExceptionally(done.cause());
            }
            next[0].run();
          });
        }
      };
      group.next().execute(() -> {
        for (int i = 0; i < CONNS_CONNECTING; i++) {
          next[0].run();
        }
      });
      all.get();
      CompletableFuture<List<Channel>> open = new CompletableFuture<>();
      group.next().execute(() -> open.complete(List.copyOf(clients)));
      for (Channel c : open.get()) {
        c.close().sync();
      }
      echo.connections.close().sync();
      server.close().sync();
      return (long) n * CONNS_ROUND_TRIPS;
    });
  }

  /** Counts what arrives; answers one byte after {@code total}. */
  private static final class StreamServer extends ChannelInboundHandlerAdapter {
    private final long total;
    private long received;

    StreamServer(long total) {
      this.total = total;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      received += ((ByteBuf) msg).readableBytes();
      ReferenceCountUtil.release(msg);
      if (received == total) {
        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(1));
      }
    }
  }

  /** Writes {@code count} messages while the channel is writable; completes on the answer. */
  private static final class StreamClient extends ChannelInboundHandlerAdapter {
    private final int count;
    private final CompletableFuture<Void> answered;
    private int sent;

    StreamClient(int count, CompletableFuture<Void> answered) {
      this.count = count;
      this.answered = answered;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      pump(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      pump(ctx);
    }

    private void pump(ChannelHandlerContext ctx) {
      while (sent < count && ctx.channel().isWritable()) {
        sent++;
        ctx.write(ctx.alloc().buffer(STREAM_SIZE).writeZero(STREAM_SIZE));
      }
      ctx.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      answered.complete(null);
    }
  }

  static long stream(int n) throws Exception {
    long total = (long) n * STREAM_SIZE;
    return withLoop(group -> {
      Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new io.netty.channel.ChannelInitializer<NioSocketChannel>() {
            @Override
            protected void initChannel(NioSocketChannel ch) {
              ch.pipeline().addLast(new StreamServer(total));
            }
          })
          .bind(HOST, 0).sync().channel();
      CompletableFuture<Void> answered = new CompletableFuture<>();
      Channel c = client(group, () -> new StreamClient(n, answered))
          .connect(address(server)).sync().channel();
      answered.get();
      c.close().sync();
      server.close().sync();
      return total;
    });
  }
}
