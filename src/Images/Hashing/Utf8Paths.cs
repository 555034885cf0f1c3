using System.Buffers;
using System.Text;

namespace KanikoImages.Images.Hashing;

/// <summary>Paths held as UTF-8 bytes in byte order, git's own order (git's index, the file-digest cache).</summary>
internal static class Utf8Paths
{
    /// <summary>The path at a position of the sorted collection.</summary>
    public delegate ReadOnlySpan<byte> At(int index);

    /// <summary>The position of <paramref name="path"/> among <paramref name="count"/> sorted paths (binary search), or -1.</summary>
    public static int Find(string path, int count, At pathAt)
    {
        var length = Encoding.UTF8.GetMaxByteCount(path.Length);
        byte[]? rented = null;
        try
        {
            Span<byte> utf8 = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
            utf8 = utf8[..Encoding.UTF8.GetBytes(path, utf8)];
            var (low, high) = (0, count - 1);
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var order = pathAt(middle).SequenceCompareTo(utf8);
                if (order == 0)
                {
                    return middle;
                }

                (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
            }

            return -1;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
