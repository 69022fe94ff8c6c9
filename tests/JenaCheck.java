// All of the suite's Apache Jena checks in one JVM: a JVM start costs more than any one check, and the suite used to
// pay it once per file and once per competency question.
//
// Run with Java's single-file source launcher (no build step), Jena's jars on the class path:
//   java -cp JENA_CLASSPATH tests/JenaCheck.java OUT_DIR \
//        --parse LABEL LANG FILE ...  --data FILE  --query LABEL FILE ...
//
// --parse   reads FILE strictly in syntax LANG (a riot short name: ttl, trig, nq, nt, jsonld10) and writes
//           OUT_DIR/parse/LABEL.json: {"statements": n, "warnings": [...], "errors": [...]}. Errors include fatal
//           ones and any exception, so a file that Jena rejects never looks clean.
// --data    the RDF file that the queries read, loaded once into the default graph (as `arq --data` does).
// --query   runs the SPARQL 1.1 query in FILE and writes OUT_DIR/query/LABEL.json, the SPARQL JSON results, or
//           {"error": "..."} when the query fails to parse or run.
//
// A check that fails is reported in its file, not by the exit code, so one bad file or query does not hide the
// others; the exit code is non-zero only when the program itself is misused.

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonArray;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.query.Syntax;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.Quad;

public class JenaCheck {
    // Generous: the questions take milliseconds; this only stops a runaway query from hanging the test session.
    static final long QUERY_TIMEOUT_SECONDS = 120;

    /** Keeps every message instead of logging it: Debian's Jena logs through slf4j-nop, which prints nothing. */
    static final class Collector implements ErrorHandler {
        final JsonArray warnings = new JsonArray();
        final JsonArray errors = new JsonArray();

        static String at(String message, long line, long col) {
            return line >= 0 ? "line " + line + ", col " + col + ": " + message : message;
        }

        @Override public void warning(String message, long line, long col) { warnings.add(at(message, line, col)); }

        @Override public void error(String message, long line, long col) { errors.add(at(message, line, col)); }

        @Override public void fatal(String message, long line, long col) {
            errors.add(at(message, line, col));
            // The parser cannot go on after a fatal error; its contract is that this method does not return.
            throw new RiotException(message);
        }
    }

    /** Counts every statement the parser emits (as `riot --count` does) and passes it on. */
    static final class Counter implements StreamRDF {
        final StreamRDF next;
        long statements = 0;

        Counter(StreamRDF next) { this.next = next; }

        @Override public void start() { next.start(); }
        @Override public void triple(Triple triple) { statements++; next.triple(triple); }
        @Override public void quad(Quad quad) { statements++; next.quad(quad); }
        @Override public void base(String base) { next.base(base); }
        @Override public void prefix(String prefix, String iri) { next.prefix(prefix, iri); }
        @Override public void finish() { next.finish(); }
    }

    static void write(Path path, JsonObject json) throws IOException {
        Files.createDirectories(path.getParent());
        try (OutputStream out = Files.newOutputStream(path)) {
            JSON.write(out, json);
        }
    }

    static JsonObject parse(String langName, Path file) {
        JsonObject result = new JsonObject();
        Collector collector = new Collector();
        Counter counter = new Counter(StreamRDFLib.sinkNull());
        Lang lang = RDFLanguages.shortnameToLang(langName);
        if (lang == null) {
            collector.errors.add("unknown syntax: " + langName);
        } else {
            try {
                RDFParser.create().source(file).lang(lang).strict(true).checking(true).errorHandler(collector)
                        .parse(counter);
            } catch (RuntimeException e) {
                // Already recorded when it came through fatal(); otherwise (I/O, JSON-LD) record it here.
                if (!(e instanceof RiotException) || collector.errors.isEmpty()) {
                    collector.errors.add(file + ": " + e);
                }
            }
        }
        result.put("statements", counter.statements);
        result.put("warnings", collector.warnings);
        result.put("errors", collector.errors);
        return result;
    }

    static void query(Dataset data, Path file, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Query query = QueryFactory.read(file.toString(), Syntax.syntaxSPARQL_11);
            if (!query.isSelectType()) {
                throw new IllegalArgumentException("only SELECT queries are compared: " + file);
            }
            try (QueryExecution execution = QueryExecution.dataset(data).query(query)
                    .timeout(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS).build();
                 OutputStream out = Files.newOutputStream(target)) {
                ResultSetFormatter.outputAsJSON(out, execution.execSelect());
            }
        } catch (RuntimeException e) {
            JsonObject error = new JsonObject();
            error.put("error", file + ": " + e);
            write(target, error);
        }
    }

    static void usage(String problem) {
        System.err.println("JenaCheck: " + problem);
        System.err.println("usage: JenaCheck OUT_DIR [--parse LABEL LANG FILE]... [--data FILE] [--query LABEL FILE]...");
        System.exit(2);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            usage("no output folder");
        }
        Path out = Path.of(args[0]);
        Map<String, String[]> parses = new LinkedHashMap<>();
        Map<String, Path> queries = new LinkedHashMap<>();
        Path data = null;
        for (int i = 1; i < args.length; ) {
            switch (args[i]) {
                case "--parse":
                    if (i + 3 >= args.length) usage("--parse needs LABEL LANG FILE");
                    parses.put(args[i + 1], new String[] {args[i + 2], args[i + 3]});
                    i += 4;
                    break;
                case "--data":
                    if (i + 1 >= args.length) usage("--data needs FILE");
                    data = Path.of(args[i + 1]);
                    i += 2;
                    break;
                case "--query":
                    if (i + 2 >= args.length) usage("--query needs LABEL FILE");
                    queries.put(args[i + 1], Path.of(args[i + 2]));
                    i += 3;
                    break;
                default:
                    usage("unexpected argument: " + args[i]);
            }
        }
        if (!queries.isEmpty() && data == null) {
            usage("--query needs --data");
        }
        for (Map.Entry<String, String[]> job : parses.entrySet()) {
            write(out.resolve("parse").resolve(job.getKey() + ".json"),
                  parse(job.getValue()[0], Path.of(job.getValue()[1])));
        }
        if (!queries.isEmpty()) {
            // Loaded leniently, as `arq --data` did: the strict check of the same file is a --parse job.
            Dataset dataset = DatasetFactory.create();
            String loadError = null;
            try {
                RDFParser.create().source(data).parse(dataset);
            } catch (RuntimeException e) {
                loadError = "cannot load " + data + ": " + e;
            }
            for (Map.Entry<String, Path> job : queries.entrySet()) {
                Path target = out.resolve("query").resolve(job.getKey() + ".json");
                if (loadError == null) {
                    query(dataset, job.getValue(), target);
                } else {
                    JsonObject error = new JsonObject();
                    error.put("error", loadError);
                    write(target, error);
                }
            }
        }
    }
}
