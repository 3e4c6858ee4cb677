package dev.restyle.report;

import dev.restyle.spark.HadoopConf;
import dev.restyle.storage.Storage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The gallery's thumbnails, made on the executors: one Spark job over the distinct URIs of the sampled
 * pairs reads each image with {@link Storage} (the executors' own credentials and file systems) and sends
 * back only a small JPEG. The driver reads no image.
 */
final class ThumbnailJob {

  private ThumbnailJob() {}

  /** @return data URI per URI that could be read; a URI missing from it is shown as unreadable */
  static Map<String, String> of(SparkSession spark, Collection<String> uris) {
    List<String> distinct = uris.stream().filter(u -> u != null && !u.isBlank()).distinct().toList();
    if (distinct.isEmpty()) {
      return Map.of();
    }
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    int partitions = Math.max(1, Math.min(distinct.size(), spark.sparkContext().defaultParallelism()));
    MapPartitionsFunction<String, Tuple2<String, String>> thumbnails = batch -> read(conf, batch);
    List<Tuple2<String, String>> made = spark.createDataset(distinct, Encoders.STRING()).repartition(partitions)
        .mapPartitions(thumbnails, Encoders.tuple(Encoders.STRING(), Encoders.STRING())).collectAsList();
    Map<String, String> byUri = new HashMap<>();
    made.forEach(t -> byUri.put(t._1(), t._2()));
    return byUri;
  }

  private static Iterator<Tuple2<String, String>> read(HadoopConf conf, Iterator<String> uris) {
    Thumbnails thumbnails = new Thumbnails(new Storage(conf.get()));
    List<Tuple2<String, String>> out = new ArrayList<>();
    while (uris.hasNext()) {
      String uri = uris.next();
      thumbnails.of(uri).ifPresent(dataUri -> out.add(new Tuple2<>(uri, dataUri)));
    }
    return out.iterator();
  }
}
