using System.Numerics;
using ModelGen.Batches;

namespace ModelGen.Sources;

/// <summary>
/// The epoch logic the file and table sources share: serve a data set front to back in batches, start
/// over for the next epoch, and stop after the last. An epoch ends with a short batch, or with an empty
/// read when the data ended exactly at a batch boundary; an epoch that reads nothing at all (no rows)
/// ends the source. The source supplies how to restart its reading and how to fill one batch.
/// </summary>
/// <param name="epochs">Epochs to serve.</param>
/// <param name="batchSize">The source's batch size: a batch shorter than it ends the epoch.</param>
/// <param name="restart">Moves the source's reading back to the first row.</param>
/// <param name="fill">Fills the next batch from the current position; returns its rows (0 at the end of the data).</param>
internal sealed class EpochCursor<T>(long epochs, int batchSize, Action restart, Func<BatchBuffer<T>, int> fill)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private long _epoch;
    private long _served;
    private bool _done;

    /// <summary>The next batch's rows, or 0 once every epoch has been served.</summary>
    public int Next(BatchBuffer<T> batch)
    {
        if (_done)
        {
            if (++_epoch >= epochs)
            {
                return 0;
            }

            Begin();
        }

        int rows = fill(batch);
        if (rows == 0)
        {
            // The data ended exactly at a batch boundary (or has no rows).
            _done = true;
            if (_served == 0 || ++_epoch >= epochs)
            {
                return 0;
            }

            Begin();
            rows = fill(batch);
            if (rows == 0)
            {
                _done = true;
                return 0;
            }
        }

        _served += rows;
        if (rows < batchSize)
        {
            _done = true;
        }

        return rows;
    }

    private void Begin()
    {
        restart();
        _served = 0;
        _done = false;
    }
}
