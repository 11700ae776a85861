using ModelGen.Simd;

namespace ModelGen.Runtime.Tests.Simd;

public class RowChunksTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(7, 2)]
    [InlineData(64, 8)]
    public void Run_does_every_chunk_exactly_once(int chunks, int maxThreads)
    {
        var work = new Counting(chunks);
        for (int repeat = 0; repeat < 50; repeat++)
        {
            RowChunks.Shared.Run(chunks, work, maxThreads);
        }

        Assert.All(work.Counts, c => Assert.Equal(50, c));
    }

    [Fact]
    public void Run_rethrows_a_chunks_exception_after_the_others_finish()
    {
        var work = new Throwing(failing: 4);
        var e = Assert.Throws<InvalidOperationException>(() => RowChunks.Shared.Run(9, work, maxThreads: 2));
        Assert.Equal("chunk 4", e.Message);
        Assert.Equal(8, work.Done);

        // The pool is still usable afterwards.
        var counting = new Counting(5);
        RowChunks.Shared.Run(5, counting, maxThreads: 2);
        Assert.All(counting.Counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void Run_refuses_fewer_than_one_thread() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RowChunks.Shared.Run(3, new Counting(3), maxThreads: 0));

    [Fact]
    public void AddInOrder_adds_the_buffers_in_chunk_order()
    {
        // 1e8 + 1 − 1e8 in float: the order decides the bits (left to right gives 0, not 1).
        float[] chunks = [1e8f, 1f, -1e8f];
        float[] destination = [0f];
        RowChunks.AddInOrder<float>(chunks, destination);
        Assert.Equal((((0f + 1e8f) + 1f) - 1e8f), destination[0]);
    }

    [Fact]
    public void AddInOrder_refuses_a_partial_buffer()
    {
        var e = Assert.Throws<ArgumentException>(() => RowChunks.AddInOrder<double>(new double[5], new double[2]));
        Assert.Equal("chunks", e.ParamName);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4096, 1)]
    [InlineData(4097, 2)]
    [InlineData(50_000, 13)]
    public void Count_covers_the_rows(int rows, int chunks) => Assert.Equal(chunks, RowChunks.Count(rows));

    private sealed class Counting(int chunks) : IRowChunkWork
    {
        public int[] Counts { get; } = new int[chunks];

        public void Run(int chunk) => Interlocked.Increment(ref Counts[chunk]);
    }

    private sealed class Throwing(int failing) : IRowChunkWork
    {
        private int _done;

        public int Done => _done;

        public void Run(int chunk)
        {
            if (chunk == failing)
            {
                throw new InvalidOperationException("chunk " + chunk);
            }

            Interlocked.Increment(ref _done);
        }
    }
}
