namespace Caviar.Jobs.Channels;

/// <summary>Creates a FIFO and copies a file into it once a reader opens it.</summary>
internal sealed class FifoFeeder : IAsyncDisposable
{
    private readonly string _fifo;
    private readonly Task _feeding;

    public FifoFeeder(string fifo, string source)
    {
        _fifo = fifo;
        Fifo.Create(fifo);
        _feeding = Task.Factory.StartNew(() =>
        {
            try
            {
                using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);   // blocks until a reader opens
                using var input = File.OpenRead(source);
                input.CopyTo(writer);
            }
            catch (IOException)
            {
                // The reader went away early (the job stopped or died): nothing more to send.
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_feeding.IsCompleted)
        {
            // Nobody opened the FIFO: open it ourselves so the blocked writer's open() returns.
            try
            {
                await using var unblock = new FileStream(_fifo, FileMode.Open, FileAccess.Read);
                var sink = new byte[65536];
                while (await unblock.ReadAsync(sink) > 0) { }
            }
            catch (IOException) { }
        }
        await _feeding;
    }
}
