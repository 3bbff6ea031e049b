namespace Homelab.Controllers.Updates;

/// <summary>The local image store could not list or remove an image.</summary>
public sealed class ImageStoreException(string message, Exception? inner = null) : Exception(message, inner);
