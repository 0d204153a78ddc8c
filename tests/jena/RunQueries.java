// Runs SPARQL query files with Jena ARQ over a TriG file, in one JVM: the data in an in-memory
// TDB2 dataset queried with the union of its named graphs as the default graph (as budgetkg's
// canned queries expect). Usage: java RunQueries.java DATA.trig OUTDIR QUERY.rq...
// Writes OUTDIR/<name>.srj (SPARQL JSON results) per query, or OUTDIR/<name>.err on failure.
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Dataset dataset = TDB2Factory.createDataset();
        Txn.executeWrite(dataset, () -> RDFDataMgr.read(dataset, args[0]));
        Path out = Path.of(args[1]);
        for (int i = 2; i < args.length; i++) {
            Path file = Path.of(args[i]);
            String name = file.getFileName().toString().replaceAll("\\.rq$", "");
            String text = Files.readString(file, StandardCharsets.UTF_8);
            try {
                Txn.executeRead(dataset, () -> {
                    try (QueryExecution qe = QueryExecution.dataset(dataset).query(text)
                            .set(TDB2.symUnionDefaultGraph, true).build();
                         OutputStream os = new FileOutputStream(out.resolve(name + ".srj").toFile())) {
                        ResultSetFormatter.outputAsJSON(os, qe.execSelect());
                    } catch (java.io.IOException e) {
                        throw new RuntimeException(e);
                    }
                });
            } catch (RuntimeException e) {
                Files.writeString(out.resolve(name + ".err"), String.valueOf(e), StandardCharsets.UTF_8);
            }
        }
    }
}
