using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Kubeconform;

namespace KanikoImages.Tests.Validation;

/// <summary>The pinned-checksum install behind --kubeconform-download, against a real server on 127.0.0.1.</summary>
public sealed class VerifiedDownloadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Only_an_archive_with_the_pinned_checksum_is_installed()
    {
        var archive = TarGz("kubeconform", "#!/bin/sh\necho installed\n");
        var sha = Convert.ToHexStringLower(SHA256.HashData(archive));
        using var server = new LocalHttpServer(_ => (HttpStatusCode.OK, archive));
        using var http = new HttpClient();
        var target = Path.Combine(_dir.Path, "tools", "kubeconform");

        var refused = Assert.Throws<ValidationInputException>(() => VerifiedDownload.Install(http, server.Url + "k.tar.gz", new string('0', 64), "kubeconform", target));
        Assert.False(Directory.Exists(Path.GetDirectoryName(target)));
        VerifiedDownload.Install(http, server.Url + "k.tar.gz", sha, "kubeconform", target);

        Assert.Equal($"refusing {server.Url}k.tar.gz: its sha256 is {sha}, but the pinned release has {new string('0', 64)}. Nothing was installed.", refused.Message);
        Assert.Equal("installed\n", ProcessResult.Run(target, []).StandardOutput);
    }

    [Fact]
    public void A_zip_release_is_read_too_and_a_missing_entry_is_refused()
    {
        var archive = Zip("kubeconform.exe", "binary");
        var sha = Convert.ToHexStringLower(SHA256.HashData(archive));
        using var server = new LocalHttpServer(_ => (HttpStatusCode.OK, archive));
        using var http = new HttpClient();
        var target = Path.Combine(_dir.Path, "kubeconform.exe");

        var missing = Assert.Throws<ValidationInputException>(() => VerifiedDownload.Install(http, server.Url + "k.zip", sha, "other.exe", target));
        VerifiedDownload.Install(http, server.Url + "k.zip", sha, "kubeconform.exe", target);

        Assert.Contains("has no other.exe in it", missing.Message);
        Assert.Equal("binary", File.ReadAllText(target));
    }

    [Fact]
    public void A_server_that_is_not_there_is_a_clear_error()
    {
        string url;
        using (var server = new LocalHttpServer(_ => (HttpStatusCode.OK, [])))
        {
            url = server.Url + "k.tar.gz";
        }

        using var http = new HttpClient();
        var error = Assert.Throws<ValidationInputException>(() => VerifiedDownload.Install(http, url, new string('0', 64), "kubeconform", Path.Combine(_dir.Path, "k")));

        Assert.StartsWith($"could not download {url}", error.Message);
    }

    /// <summary>A release-style .tar.gz holding one executable file.</summary>
    internal static byte[] TarGz(string name, string content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            });
        }

        return output.ToArray();
    }

    private static byte[] Zip(string name, string content)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry(name).Open()))
        {
            writer.Write(content);
        }

        return output.ToArray();
    }
}
