using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Store.Internal;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Homelab.Store;

/// <summary>
/// The LiteDB-backed <see cref="IResourceStore"/>. One file (homelab.db) owned by this process alone; every committed
/// object is also held in an immutable in-memory snapshot, so reads never touch LiteDB and never wait for writers.
/// Writes are serialized by one lock and run synchronously in one LiteDB transaction, then published to watchers.
/// </summary>
public sealed partial class LiteDbResourceStore : IResourceStore, IDisposable
{
    public const string DatabaseFileName = "homelab.db";

    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly Lock _writeLock = new();
    private readonly DataDirLock? _dirLock;
    private readonly Func<LiteDatabase>? _reopen;
    private readonly LogFileSync? _logSync;
    private LiteDatabase _db;
    private ILiteCollection<BsonDocument> _objects;
    private ILiteCollection<BsonDocument> _changelog;
    private ILiteCollection<BsonDocument> _meta;
    private ILiteCollection<BsonDocument> _eventDocuments;
    private bool _needsReopen;
    private readonly IAdmission _admission;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreOptions _options;
    private readonly WatchHub _watchers;
    private readonly EventBook _events;
    private readonly SecretCipher _cipher;
    private volatile StoreSnapshot _snapshot;
    private long _compactedRevision;
    private bool _disposed;

    private LiteDbResourceStore(LiteDatabase db, Func<LiteDatabase>? reopen, LogFileSync? logSync, DataDirLock? dirLock, SecretKeyRing keys, StoreOptions options, IAdmission admission, TimeProvider time, ILogger logger)
    {
        _cipher = new SecretCipher(keys);
        _logSync = logSync;
        _reopen = reopen;
        _dirLock = dirLock;
        _options = options;
        _admission = admission;
        _time = time;
        _logger = logger;
        (_db, _objects, _changelog, _meta, _eventDocuments) = Attach(db);
        _watchers = new WatchHub(Math.Max(options.WatchBufferSize, 1), logger);
        _events = new EventBook(options.EventRetention);

        var (revision, compacted) = StoreDocuments.ReadMeta(_meta);
        _compactedRevision = compacted;
        var loaded = _objects.FindAll().Select(d => StoreDocuments.FromObjectDocument(d, _cipher))
            .Select(o => new WatchEvent(WatchEventTypes.Added, o.ResourceVersion, o));
        _snapshot = StoreSnapshot.Empty.With(loaded, revision);
        _events.Load(_eventDocuments.FindAll().Select(StoreDocuments.FromEventDocument));
        EnsureDefaultNamespace();
    }

    /// <summary>Opens (or creates) the store in <see cref="StoreOptions.DataDir"/>, taking its lock file first.</summary>
    /// <exception cref="StoreLockedException">Another process (or store) holds the data directory.</exception>
    public static LiteDbResourceStore OpenFile(StoreOptions options, IAdmission admission, TimeProvider time, ILogger<LiteDbResourceStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            throw new ArgumentException("StoreOptions.DataDir is required", nameof(options));
        }
        var dataDir = Path.GetFullPath(options.DataDir);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDir);
        }
        else
        {
            Directory.CreateDirectory(dataDir, OwnerOnlyDirectory);
        }

        var dirLock = DataDirLock.Acquire(dataDir);
        LiteDatabase? db = null;
        try
        {
            var path = Path.Combine(dataDir, DatabaseFileName);
            LiteDatabase Open() => new(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, StoreDocuments.CreateMapper());
            db = Open();
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var store = new LiteDbResourceStore(db, Open, new LogFileSync(path), dirLock, SecretKeyRing.OpenOrCreate(dataDir), options, admission, time, (ILogger?)logger ?? NullLogger.Instance);
            LogOpened(store._logger, path, store.Revision, store._snapshot.Count);
            return store;
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            Close(db, dirLock);
            // LiteDB's own words name a page, a position or a tick count (it throws whatever its reader hit on a damaged
            // file), not the file: say which store, and that nothing was served.
            throw new IOException($"the store {Path.Combine(dataDir, DatabaseFileName)} cannot be opened ({e.Message}); nothing was read or changed. "
                + $"If a crash or a full disk damaged its log, restore {dataDir} from a backup", e);
        }
        catch
        {
            // The store's own refusals (a Secret that fails authentication) already name what and where.
            Close(db, dirLock);
            throw;
        }
    }

    private static void Close(LiteDatabase? db, DataDirLock dirLock)
    {
        try
        {
            db?.Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A database that could not be read may not close cleanly either (with any exception); the lock must go regardless.
        }
        dirLock.Dispose();
    }

    /// <summary>A store on a memory stream: the same code path as on disk, for tests and the TestKit.</summary>
    public static LiteDbResourceStore InMemory(IAdmission admission, TimeProvider time, StoreOptions? options = null, ILogger? logger = null)
    {
        var db = new LiteDatabase(new MemoryStream(), StoreDocuments.CreateMapper());
        try
        {
            return new LiteDbResourceStore(db, null, null, null, SecretKeyRing.Ephemeral(), options ?? new StoreOptions(), admission, time, logger ?? NullLogger.Instance);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public long Revision => _snapshot.Revision;

    public long CompactedRevision => Volatile.Read(ref _compactedRevision);

    public StoredObject? Get(ObjectKey key) => _snapshot.Get(key);

    public ListResult List(string kind, string? ns = null, LabelSelector? selector = null)
    {
        var snapshot = _snapshot;
        var items = snapshot.OfKind(kind)
            .Where(o => (ns is null || o.Key.Namespace == ns) && (selector is null || selector.Matches(o.Labels)))
            .ToList();
        return new ListResult(items, snapshot.Revision);
    }

    public IReadOnlyList<WriteResult> Commit(IReadOnlyList<Mutation> mutations, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(mutations);
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var snapshot = _snapshot;
            var batch = new MutationBatch(snapshot, _admission, _time, _options.MaxObjectBytes);
            var results = new List<WriteResult>(mutations.Count);
            foreach (var mutation in mutations)
            {
                results.Add(batch.Apply(mutation));
            }
            if (batch.Changes.Count == 0)
            {
                return results;
            }

            Persist(batch, dryRun);
            if (dryRun)
            {
                return [.. results.Select(result => ObjectJson.AsDryRun(result, snapshot.Get(result.Object.Key)))];
            }
            _snapshot = snapshot.With(batch.Changes, batch.Revision);
            _watchers.Publish(batch.Changes);
            foreach (var (key, reason, message) in batch.Audits)
            {
                RecordEvent(key, "Warning", reason, message, "admission");
            }
            return results;
        }
    }

    public IWatch Watch(string? kind, string? ns, long fromRevision)
    {
        if (fromRevision < 0)
        {
            throw new StoreException(400, StatusReasons.BadRequest, $"resourceVersion {fromRevision} is not a revision");
        }
        // Under the write lock no commit can land between the replay and the subscription: no gap, no duplicate.
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            IReadOnlyCollection<WatchEvent> replay;
            if (fromRevision == 0)
            {
                // Kubernetes' "any version": the current state as synthetic ADDED events, then live changes.
                var snapshot = _snapshot;
                replay = (kind is null ? snapshot.All() : snapshot.OfKind(kind))
                    .Where(o => ns is null || o.Key.Namespace == ns)
                    .Select(o => new WatchEvent(WatchEventTypes.Added, o.ResourceVersion, o))
                    .ToList();
            }
            else
            {
                if (fromRevision < _compactedRevision)
                {
                    throw StoreException.Gone(fromRevision, _compactedRevision);
                }
                ReopenIfNeeded();
                replay = _changelog.Find(Query.GT("_id", fromRevision))
                    .Select(d => StoreDocuments.FromChangelogDocument(d, _cipher))
                    .OrderBy(e => e.Revision)
                    .ToList();
            }
            return _watchers.Subscribe(kind, ns, fromRevision, replay);
        }
    }

    public void RecordEvent(ObjectKey involved, string type, string reason, string message, string source)
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }
            var (record, dropped) = _events.Record(involved, CurrentUid(involved), type, reason, message, source, _time.GetUtcNow());
            try
            {
                InTransaction(() =>
                {
                    _eventDocuments.Upsert(StoreDocuments.ToEventDocument(record));
                    foreach (var id in dropped)
                    {
                        _eventDocuments.Delete(id);
                    }
                });
            }
            catch (Exception e) when (e is LiteException or IOException or StoreException)
            {
                // Events are diagnostics: failing to keep one must not fail the reconcile that reported it.
                LogEventNotRecorded(_logger, reason, involved, e.Message);
                if (!_needsReopen)
                {
                    _events.Reset(_eventDocuments.FindAll().Select(StoreDocuments.FromEventDocument));
                }
            }
        }
    }

    public IReadOnlyList<EventRecord> ListEvents(string? ns, ObjectKey? involved = null)
    {
        lock (_writeLock)
        {
            return _events.List(ns, involved, involved is { } key ? CurrentUid(key) : null);
        }
    }

    private string? CurrentUid(ObjectKey key) => _snapshot.Get(key) is { } stored ? ObjectJson.Uid(stored.ToNode()) : null;

    public long Compact()
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var revision = _snapshot.Revision;
            var compactTo = revision - Math.Max(_options.ChangelogRetention, 0);
            if (compactTo <= _compactedRevision)
            {
                return _compactedRevision;
            }
            var removed = 0;
            InTransaction(() =>
            {
                removed = _changelog.DeleteMany(Query.LTE("_id", compactTo));
                _meta.Upsert(StoreDocuments.ToMetaDocument(revision, compactTo));
            });
            Volatile.Write(ref _compactedRevision, compactTo);
            LogCompacted(_logger, compactTo, removed);
            return compactTo;
        }
    }

    /// <summary>
    /// Encrypts every Secret value (objects and changelog) under a new key, then retires the older keys. Crash-safe: the
    /// new key is saved before anything is encrypted with it, the re-encryption is one transaction, and the old keys are
    /// dropped only after it committed; a run cut short leaves every value readable, and running again finishes the job.
    /// The file is rebuilt afterwards, so pages freed by the rewrite keep no value under an old key.
    /// </summary>
    public SecretKeyRotation RotateSecretKey()
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var keyId = _cipher.Keys.AddPrimary();
            var secrets = _snapshot.OfKind(ResourceKinds.Secret.Kind).ToList();
            var entries = _changelog.Find(Query.StartsWith("key", ResourceKinds.Secret.Kind + "/")).ToList();
            InTransaction(() =>
            {
                foreach (var secret in secrets)
                {
                    _objects.Upsert(StoreDocuments.ToObjectDocument(secret, _cipher));
                }
                foreach (var entry in entries)
                {
                    _changelog.Update(StoreDocuments.ToChangelogDocument(StoreDocuments.FromChangelogDocument(entry, _cipher), _cipher));
                }
            });
            var retired = _cipher.Keys.RetireAllButPrimary();
            _db.Checkpoint();
            _db.Rebuild();
            LogKeyRotated(_logger, keyId, secrets.Count, entries.Count, string.Join(", ", retired));
            return new SecretKeyRotation(keyId, retired, secrets.Count, entries.Count);
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _watchers.CompleteAll();
            _db.Dispose();
            _dirLock?.Dispose();
        }
    }

    private void Persist(MutationBatch batch, bool dryRun)
    {
        ReopenIfNeeded();
        try
        {
            Write(batch, dryRun);
        }
        catch (IOException e)
        {
            var failure = StorageFailure(e);
            Recover(e);
            // The file may hold the batch after all (the log's commit record written, a later write failed): then it
            // counts as committed, as it will after any restart.
            if (!dryRun && !_needsReopen && StoreDocuments.ReadMeta(_meta).Revision == batch.Revision)
            {
                LogFailedWriteStands(_logger, e.Message, batch.Revision);
                return;
            }
            throw failure;
        }
    }

    private void Write(MutationBatch batch, bool dryRun) => WriteTransaction(() =>
    {
        foreach (var change in batch.Changes)
        {
            if (change.Type == WatchEventTypes.Deleted)
            {
                _objects.Delete(change.Object.Key.ToString());
            }
            else
            {
                _objects.Upsert(StoreDocuments.ToObjectDocument(change.Object, _cipher));
            }
            _changelog.Insert(StoreDocuments.ToChangelogDocument(change, _cipher));
        }
        _meta.Upsert(StoreDocuments.ToMetaDocument(batch.Revision, _compactedRevision));
    }, keep: !dryRun);

    /// <summary>
    /// Undoes a failed write's transaction without hiding why it failed: on a disk that went read-only LiteDB cannot
    /// discard the pages it failed to write and its rollback throws too, which would turn the client's 503 into a 500.
    /// </summary>
    private void RollBack(Exception cause)
    {
        try
        {
            _db.Rollback();
        }
        catch (Exception e) when (e is LiteException or IOException or InvalidOperationException)
        {
            LogRollbackFailed(_logger, e.Message);
            // A storage failure is recovered by the caller; anything else still leaves the handle in doubt.
            if (cause is not IOException)
            {
                Recover(cause);
            }
        }
    }

    /// <summary>
    /// After a failed write LiteDB may keep the transaction's locks (a rollback that failed too leaves them with the
    /// thread that held them, and every later write waits a minute for them): the database is closed and opened again,
    /// which replays its log up to the last commit. The in-memory snapshot never saw the failed batch.
    /// </summary>
    private void Recover(Exception cause)
    {
        LogWriteFailed(_logger, cause.Message);
        if (_reopen is null)
        {
            return;
        }
        try
        {
            _db.Rollback();
        }
        catch (Exception e) when (e is IOException or LiteException or InvalidOperationException)
        {
            // The handle is replaced below either way.
        }
        try
        {
            _db.Dispose();
        }
        catch (Exception e) when (e is IOException or LiteException)
        {
            LogCloseFailed(_logger, e.Message);
        }
        _needsReopen = true;
        ReopenIfNeeded();
    }

    /// <summary>Writes wait for a data file that could not be opened again; reads are served from memory meanwhile.</summary>
    private void ReopenIfNeeded()
    {
        if (!_needsReopen || _reopen is null)
        {
            return;
        }
        try
        {
            (_db, _objects, _changelog, _meta, _eventDocuments) = Attach(_reopen());
            _needsReopen = false;
            LogReopened(_logger, StoreDocuments.ReadMeta(_meta).Revision);
        }
        catch (IOException e)
        {
            throw StorageFailure(e);
        }
    }

    private (LiteDatabase, ILiteCollection<BsonDocument>, ILiteCollection<BsonDocument>, ILiteCollection<BsonDocument>, ILiteCollection<BsonDocument>) Attach(LiteDatabase db)
    {
        db.CheckpointSize = Math.Max(_options.CheckpointPages, 1);
        return (db, db.GetCollection(StoreDocuments.Objects), db.GetCollection(StoreDocuments.Changelog), db.GetCollection(StoreDocuments.Meta), db.GetCollection(StoreDocuments.Events));
    }

    /// <summary>What the client is told: 507 for a full disk, 503 for a read-only or failing one; nothing was written.</summary>
    private StoreException StorageFailure(IOException e)
    {
        var (code, reason, what) = e.HResult switch
        {
            StorageErrors.NoSpace => (507, StatusReasons.InsufficientStorage, "the data directory's file system is full"),
            StorageErrors.ReadOnly => (503, StatusReasons.ServiceUnavailable, "the data directory's file system is read-only"),
            _ => (503, StatusReasons.ServiceUnavailable, "the data file cannot be written"),
        };
        return new StoreException(code, reason, $"{what} ({e.Message}); nothing was written, what is stored can still be read; try again once it is fixed");
    }

    private void InTransaction(Action write)
    {
        ReopenIfNeeded();
        try
        {
            WriteTransaction(write);
        }
        catch (IOException e)
        {
            var failure = StorageFailure(e);
            Recover(e);
            throw failure;
        }
    }

    /// <param name="keep">False for a dry run: every write is made, so every check runs, then rolled back.</param>
    private void WriteTransaction(Action write, bool keep = true)
    {
        if (!_db.BeginTrans())
        {
            throw new InvalidOperationException("a LiteDB transaction is already open on this thread");
        }
        try
        {
            write();
            if (!keep)
            {
                _db.Rollback();
                return;
            }
            _db.Commit();
            _logSync?.Flush();
        }
        catch (Exception e)
        {
            RollBack(e);
            throw;
        }
    }

    /// <summary>Objects without a namespace land in "default", so it must always exist.</summary>
    private void EnsureDefaultNamespace()
    {
        var key = new ObjectKey(ResourceKinds.Namespace.Kind, "", ApiGroup.DefaultNamespace);
        if (Get(key) is not null)
        {
            return;
        }
        var obj = new JsonObject
        {
            ["apiVersion"] = ApiGroup.ApiVersion,
            ["kind"] = key.Kind,
            ["metadata"] = new JsonObject { ["name"] = key.Name },
            ["spec"] = new JsonObject(),
        };
        Commit([Mutation.Create(key, obj)]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened store {Path} at revision {Revision} with {Count} objects")]
    private static partial void LogOpened(ILogger logger, string path, long revision, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} for {Object}: {Message}")]
    private static partial void LogEventNotRecorded(ILogger logger, string reason, ObjectKey @object, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted the changelog up to revision {CompactedRevision}: {Removed} entries removed")]
    private static partial void LogCompacted(ILogger logger, long compactedRevision, int removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Secret key rotated to {KeyId}: {Secrets} Secrets and {Entries} changelog entries re-encrypted, {Retired} retired")]
    private static partial void LogKeyRotated(ILogger logger, string keyId, int secrets, int entries, string retired);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The write that failed ({Message}) had reached the data file: revision {Revision} stands")]
    private static partial void LogFailedWriteStands(ILogger logger, string message, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolling back the failed write failed too: {Message}")]
    private static partial void LogRollbackFailed(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "A store write failed: {Message}; reopening the data file")]
    private static partial void LogWriteFailed(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the data file after the failure failed too: {Message}")]
    private static partial void LogCloseFailed(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reopened the data file at revision {Revision}")]
    private static partial void LogReopened(ILogger logger, long revision);
}
