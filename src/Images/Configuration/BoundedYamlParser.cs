using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KanikoImages.Images.Configuration;

/// <summary>
/// The one way this project parses YAML (image.yaml, images.yaml, manifests): YamlDotNet's parser with the limits
/// Go's YAML (kubectl, Argo CD, kubeconform) has, so a hostile file is refused with its line instead of overflowing
/// the stack (the readers above the parser recurse) or expanding an alias bomb until memory runs out. Every failure
/// is a <see cref="YamlException"/> with a position: YamlDotNet's scanner throws InvalidOperationException for some
/// broken flow collections and a strict decoder throws DecoderFallbackException for invalid UTF-8; both become one.
/// </summary>
public sealed class BoundedYamlParser : IParser
{
    /// <summary>Open mappings and sequences at once. Go's YAML allows 10,000; .NET's readers recurse per level.</summary>
    public const int MaxDepth = 500;

    /// <summary>Nodes that aliases may add to one document when expanded (Go's YAML bounds the alias ratio instead).</summary>
    public const long MaxAliasNodes = 100_000;

    /// <summary>Decodes UTF-8 and throws on invalid bytes: silently replaced bytes would reach deploy/ changed.</summary>
    public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Parser _parser;
    private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
    private readonly Stack<(string? Anchor, long Start)> _open = new();
    private long _nodes;
    private long _aliasNodes;
    private Mark _last = Mark.Empty;

    public BoundedYamlParser(TextReader reader) => _parser = new Parser(reader);

    public ParsingEvent? Current => _parser.Current;

    /// <summary>A reader of <paramref name="path"/> that refuses invalid UTF-8.</summary>
    public static StreamReader OpenText(string path) => new(path, StrictUtf8, detectEncodingFromByteOrderMarks: false);

    /// <summary>YamlDotNet prefixes "(Line: 3, Col: 5, Idx: ...) - (...): "; the line is reported on its own.</summary>
    public static string Reason(YamlException e)
    {
        var message = e.InnerException is { } inner && e.Message.Contains("see inner exception", StringComparison.OrdinalIgnoreCase)
            ? inner.Message
            : e.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && marker > 0 ? message[(marker + 3)..] : message;
    }

    /// <summary>The 1-based line of a parse error; null when the error has none (invalid UTF-8 is found while decoding ahead).</summary>
    public static int? Line(YamlException e) => e is EncodingException ? null : (int)Math.Max(e.Start.Line, 1);

    public bool MoveNext()
    {
        bool moved;
        try
        {
            moved = _parser.MoveNext();
        }
        catch (InvalidOperationException)
        {
            throw Error("unexpected end of the document (an unclosed '[', '{' or quote?)");
        }
        catch (DecoderFallbackException)
        {
            throw new EncodingException("the file is not valid UTF-8");
        }

        if (moved && _parser.Current is { } current)
        {
            _last = current.Start;
            Count(current);
        }

        return moved;
    }

    private void Count(ParsingEvent current)
    {
        switch (current)
        {
            case DocumentStart:
                _anchorSizes.Clear();
                _aliasNodes = 0;
                break;
            case MappingStart or SequenceStart:
                _nodes++;
                if (_open.Count >= MaxDepth)
                {
                    throw Error($"nested more than {MaxDepth} levels deep");
                }

                var anchor = ((NodeEvent)current).Anchor;
                _open.Push((anchor.IsEmpty ? null : anchor.Value, _nodes));
                break;
            case MappingEnd or SequenceEnd:
                var (name, start) = _open.Pop();
                if (name is not null)
                {
                    _anchorSizes[name] = _nodes - start + 1;
                }

                break;
            case Scalar scalar:
                _nodes++;
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchorSizes[scalar.Anchor.Value] = 1;
                }

                break;
            case AnchorAlias alias:
                // An alias counts as the nodes it stands for (with the aliases inside them), as readers expand it.
                var size = _anchorSizes.GetValueOrDefault(alias.Value.Value, 1);
                _nodes += size;
                _aliasNodes += size;
                if (_aliasNodes > MaxAliasNodes)
                {
                    throw Error($"aliases expand to more than {MaxAliasNodes:N0} nodes (an alias bomb?)");
                }

                break;
        }
    }

    private YamlException Error(string reason) => new(_last, _last, reason);

    /// <summary>Found while the reader decodes ahead of the parser, so it has no position.</summary>
    private sealed class EncodingException(string message) : YamlException(message);
}
