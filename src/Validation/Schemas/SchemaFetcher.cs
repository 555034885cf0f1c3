using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Validation.Schemas;

/// <summary>What one rendered location gave: the schema text, nothing (try the next location) or a failure.</summary>
public sealed record FetchedSchema(string Location, string? Text, string? Failure)
{
    public bool Found => Text is not null;
}

/// <summary>
/// Reads a rendered schema location: a local file, or a URL downloaded once and kept in an
/// on-disk cache (named by the URL's sha256, like kubeconform's -cache) so the next run needs no network.
/// </summary>
public sealed class SchemaFetcher(string? cacheDirectory)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    // One download attempt per URL and run, also when many documents of one kind validate in parallel.
    private readonly ConcurrentDictionary<string, Lazy<FetchedSchema>> _downloads = new(StringComparer.Ordinal);

    public FetchedSchema Fetch(string location)
    {
        if (!SchemaLocation.IsRemote(location))
        {
            return new FetchedSchema(location, File.Exists(location) ? File.ReadAllText(location) : null, null);
        }

        return _downloads.GetOrAdd(location, url => new Lazy<FetchedSchema>(() => Download(url))).Value;
    }

    private FetchedSchema Download(string url)
    {
        var cached = cacheDirectory is null ? null : Path.Combine(cacheDirectory, CacheKey(url));
        if (cached is not null && File.Exists(cached))
        {
            return new FetchedSchema(url, File.ReadAllText(cached), null);
        }

        try
        {
            using var response = Http.GetAsync(url).GetAwaiter().GetResult();
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new FetchedSchema(url, null, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                return new FetchedSchema(url, null, $"could not download {url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (cached is not null)
            {
                AtomicFile.Write(cached, Encoding.UTF8.GetBytes(text));
            }

            return new FetchedSchema(url, text, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new FetchedSchema(url, null, $"could not download {url}: {e.Message}");
        }
    }

    private static string CacheKey(string url) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)));
}
