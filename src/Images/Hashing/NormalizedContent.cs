using System.Security.Cryptography;

namespace KanikoImages.Images.Hashing;

/// <summary>
/// Streams a file into a hash the way git stores text: CRLF becomes LF unless the file is binary, so a Windows
/// checkout (core.autocrlf) hashes like a Linux one. Binary is git's rule: a NUL byte in the first 8000 bytes.
/// </summary>
internal static class NormalizedContent
{
    private const int BinaryProbeLength = 8000;

    /// <summary>Appends the normalised content to <paramref name="hash"/>; returns its length in bytes.</summary>
    /// <param name="stream">The content.</param>
    /// <param name="listedLength">The length the directory listing reported, to spare small files the read that finds the end.</param>
    /// <param name="hash">Receives the normalised bytes.</param>
    /// <param name="buffer">At least 8000 bytes.</param>
    public static long Append(Stream stream, long listedLength, IncrementalHash hash, byte[] buffer)
    {
        var (filled, ended) = Fill(stream, listedLength, buffer, Math.Min(buffer.Length, BinaryProbeLength));
        var binary = buffer.AsSpan(0, filled).Contains((byte)0);
        var text = binary ? null : new CrLfToLf(hash);
        long length = 0;
        while (filled > 0)
        {
            if (text is null)
            {
                hash.AppendData(buffer, 0, filled);
                length += filled;
            }
            else
            {
                text.Append(buffer.AsSpan(0, filled));
            }

            // Most context files are smaller than the probe: then the end is known and no further read is needed.
            filled = ended ? 0 : stream.Read(buffer);
        }

        return text?.Finish() ?? length;
    }

    /// <summary>Reads until <paramref name="count"/> bytes or the end, so the binary probe sees the full 8000.</summary>
    private static (int Filled, bool Ended) Fill(Stream stream, long listedLength, byte[] buffer, int count)
    {
        var filled = 0;
        while (filled < count)
        {
            var read = stream.Read(buffer, filled, count - filled);
            filled += read;

            // A short read of a regular file that reached the listed length is the end.
            if (read == 0 || (filled < count && filled >= listedLength))
            {
                return (filled, true);
            }
        }

        return (filled, false);
    }

    /// <summary>Drops each CR that precedes an LF, also when the pair straddles two reads.</summary>
    private sealed class CrLfToLf(IncrementalHash hash)
    {
        private bool _pendingCarriageReturn;
        private long _length;

        public void Append(ReadOnlySpan<byte> chunk)
        {
            if (_pendingCarriageReturn)
            {
                _pendingCarriageReturn = false;
                if (chunk[0] != (byte)'\n')
                {
                    Write("\r"u8);
                }
            }

            while (chunk.Length > 0)
            {
                var pair = chunk.IndexOf("\r\n"u8);
                if (pair < 0)
                {
                    // A CR at the very end may pair with the next read's LF: hold it back.
                    _pendingCarriageReturn = chunk[^1] == (byte)'\r';
                    Write(_pendingCarriageReturn ? chunk[..^1] : chunk);
                    return;
                }

                Write(chunk[..pair]);
                chunk = chunk[(pair + 1)..];
            }
        }

        public long Finish()
        {
            if (_pendingCarriageReturn)
            {
                Write("\r"u8);
            }

            return _length;
        }

        private void Write(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(bytes);
            _length += bytes.Length;
        }
    }
}
